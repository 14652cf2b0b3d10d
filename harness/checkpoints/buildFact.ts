import { classNameOf, layersOf } from '../construct/layersOf';
import type { Side } from '../construct/Side';
import { tf } from '../runtime/tf';
import type { BuildFact } from './CaseFacts';

const makesMask = (layer: Side['net']) => {
  const l = layer as typeof layer & { maskZero?: boolean };
  return classNameOf(layer) === 'Masking' || (classNameOf(layer) === 'Embedding' && l.maskZero === true);
};

/**
 * The distinct regularization penalties the layers hold: a wrapper (an RNN
 * and its cell, a nested model and its layers) lists its parts' penalties
 * again, so each penalty tensor counts once.
 */
function penaltiesHeld(layers: Iterable<Side['net']>): number {
  const seen = new Set<unknown>();
  for (const l of layers)
    for (const loss of (l as { losses?: unknown[] }).losses ?? []) seen.add(loss instanceof tf.Tensor ? loss.id : loss);
  return seen.size;
}

/**
 * What a side's build and first call showed, read from the objects once
 * that call ran (no call of its own): which of the variables it never
 * exposes belong to a sublayer and which to no layer at all, the call's
 * output shapes, whether its class saves its own config, which of its
 * classes tfjs could not rebuild (never registered), layers it froze
 * but still lists as trainable, the penalties its layers hold, and layers it called on a mask-making
 * layer's output without the mask.
 */
export function buildFact(side: Side, unexposed: string[]): BuildFact {
  const calls = side.trace?.calls ?? [];
  const layers = new Set([...layersOf(side.net), ...calls.map((c) => c.layer)].filter((l) => l !== side.net));
  const held = new Set([...layers].flatMap((l) => l.weights.map((w) => w.name)));
  const trainable = new Set(side.net.trainableWeights.map((w) => w.name));
  const frozenButTrainable = [...layers]
    .filter((l) => !l.trainable && l.weights.some((w) => trainable.has(w.name)))
    .map((l) => l.name);
  const masked = new Set(calls.filter((c) => makesMask(c.layer)).flatMap((c) => c.outputs));
  const unmaskedAfterMask = calls
    .filter((c) => !c.masked && c.layer !== side.net && c.inputs.some((t) => masked.has(t)))
    .map((c) => c.layer.name);
  return {
    unexposedSublayerWeights: unexposed.filter((v) => held.has(v)),
    unexposedBare: unexposed.filter((v) => !held.has(v)),
    eagerOutputShapes: side.outputShapes,
    ownGetConfig: (side.net as { getConfig: unknown }).getConfig !== tf.layers.Layer.prototype.getConfig,
    unregisteredClasses: [
      ...new Set(
        [side.net, ...layers]
          .map(classNameOf)
          .filter((name) => !(name in tf.serialization.SerializationMap.getMap().classNameMap)),
      ),
    ],
    frozenButTrainable: [...new Set(frozenButTrainable)],
    penaltiesHeld: penaltiesHeld(layers),
    unmaskedAfterMask: [...new Set(unmaskedAfterMask)],
  };
}
