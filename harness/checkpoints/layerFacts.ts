import { applicationsOf, classNameOf, layersOf } from '../construct/layersOf';
import type { Side } from '../construct/Side';
import { tf } from '../runtime/tf';
import type { TfLayer } from '../architecture/catalogue';
import type { LayerFact } from './CaseFacts';

/** Layers that draw a dropout mask in training and take a `seed`. */
const DROPOUTS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'AlphaDropout']);
/** Initializers that draw nothing (a seed means nothing to them). */
const CONSTANT = new Set(['Zeros', 'Ones', 'Constant', 'Identity']);

/** A layer's random initializers, read from its `…Initializer` fields: class, distribution and seed. */
function initializersOf(layer: TfLayer): NonNullable<LayerFact['initializers']> {
  const out: NonNullable<LayerFact['initializers']> = [];
  for (const [field, value] of Object.entries(layer)) {
    if (!field.endsWith('Initializer') || value === null || typeof value !== 'object') continue;
    const init = value as { getClassName?: () => string; getConfig?: () => Record<string, unknown>; seed?: unknown };
    const className = typeof init.getClassName === 'function' ? init.getClassName() : 'unknown';
    if (CONSTANT.has(className)) continue;
    const config = typeof init.getConfig === 'function' ? init.getConfig() : {};
    const seed = typeof config.seed === 'number' ? config.seed : typeof init.seed === 'number' ? init.seed : null;
    out.push({
      field,
      className,
      distribution: typeof config.distribution === 'string' ? config.distribution : undefined,
      seed,
    });
  }
  return out;
}

/** Whether a graph node of the layer stores `training: true` among its call arguments. */
function trainingOnNode(layer: TfLayer): boolean {
  return layer.inboundNodes.some((n) => (n.callArgs as { training?: unknown } | undefined)?.training === true);
}

/** The layers of a built side, as plain facts (read from the objects, not from a spec: pair cases have none). */
export function layerFacts(side: Side): LayerFact[] {
  return layersOf(side.net).map((l) => {
    const layer = l as typeof l & { losses?: unknown[]; maskZero?: boolean; seed?: unknown };
    const className = classNameOf(l);
    return {
      className,
      name: l.name,
      applications: applicationsOf(l),
      penalties: layer.losses?.length ?? 0,
      container: l instanceof tf.LayersModel,
      masks: className === 'Masking' || (className === 'Embedding' && layer.maskZero === true),
      trainable: l.trainable,
      dropoutSeed: DROPOUTS.has(className) && typeof layer.seed === 'number' ? layer.seed : undefined,
      initializers: initializersOf(l),
      trainingOnNode: trainingOnNode(l),
      outputsPerNode: Math.max(0, ...l.inboundNodes.map((n) => n.outputTensors.length)),
    };
  });
}
