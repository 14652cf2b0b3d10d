import type { TfLayer } from '../architecture/catalogue';
import { isLayerModule, validateLayerModule, type LayerModule } from '../construct/LayerModule';
import type { PairContext, PairModule } from '../construct/PairModule';
import { twinPair } from '../construct/twin/twinPair';
import type { CaseResult } from '../engine/CaseResult';
import { BadModuleError } from '../errors';
import { preservingState } from '../runtime/preservingState';
import { tf } from '../runtime/tf';
import { check } from './check';
import { checkPair, type CheckOneOptions } from './checkPair';

/** What `checkLayer` and `toMatchItsTrace` take: a layer module (file or object), a factory, or an instance. */
export type LayerSubject = string | LayerModule | TfLayer | ((ctx: PairContext) => TfLayer | Promise<TfLayer>);

/** Options of {@link checkLayer}: a case's, plus what a bare factory or instance does not say. */
export interface CheckLayerOptions extends CheckOneOptions {
  /** The layer's inputs (batch excluded) — needed for a factory, and for an instance built without `inputShape`. */
  inputs?: PairModule['inputs'];
  /** The case's name (default: the factory's or the instance's). */
  name?: string;
}

/**
 * A layer module for a factory or an instance. An instance cannot be
 * built again, and every checkpoint needs fresh builds: it is cloned
 * through its registered class from its `getConfig()` — so a config that
 * loses an argument is shared by both sides and cannot show; pass a factory
 * or a module to check that too.
 */
export function layerModuleOf(subject: Exclude<LayerSubject, string>, options: CheckLayerOptions = {}): LayerModule {
  if (isLayerModule(subject)) return validateLayerModule(subject, `layer module '${(subject as LayerModule).name}'`);
  if (typeof subject === 'function') {
    const name = options.name ?? (subject.name || 'layer');
    if (!options.inputs)
      throw new BadModuleError(`layer '${name}': a factory needs { inputs: [{ shape: […] }] } in the options`, name);
    return { name, inputs: options.inputs, layer: subject as LayerModule['layer'] };
  }
  if (subject instanceof tf.layers.Layer) {
    const layer = subject as TfLayer;
    const name = options.name ?? layer.name;
    const shape = (layer as unknown as { batchInputShape?: (number | null)[] }).batchInputShape;
    const inputs = options.inputs ?? (shape ? [{ shape: shape.slice(1) }] : undefined);
    if (!inputs)
      throw new BadModuleError(
        `layer '${name}': give { inputs: [{ shape: […] }] } in the options, or build the layer with inputShape`,
        name,
      );
    const cls = layer.constructor as unknown as {
      className?: string;
      fromConfig(c: unknown, config: unknown): TfLayer;
    };
    const registered = (tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown]>)[
      layer.getClassName()
    ];
    if (!registered || registered[0] !== cls)
      throw new BadModuleError(
        `layer '${name}': an instance is rebuilt for every checkpoint through its registered class, and ${layer.getClassName()} is not registered (tf.serialization.registerClass): pass a factory ({ tf, init }) => new ${layer.getClassName()}(…) instead`,
        name,
      );
    return { name, inputs, layer: () => cls.fromConfig(cls, layer.getConfig()) };
  }
  throw new BadModuleError(
    'checkLayer takes a layer module ({ name, inputs, layer }), its file, a factory ({ tf, init }) => layer, or a tf.layers.Layer instance',
    'layer',
  );
}

/**
 * Checks a custom layer without a hand-written twin: its functional twin is
 * derived from a trace of its `call()` (plumbing, not arithmetic — the
 * result's `twin.scope` says so), then the case runs as a pair's: every
 * checkpoint, triage, diagnoses. `subject` is a layer module file or
 * object, a factory or an instance (see {@link layerModuleOf}). A layer
 * whose twin cannot be derived throws a `TwinRefusedError` naming the op;
 * otherwise as {@link checkPair}.
 */
export async function checkLayer(subject: LayerSubject, options: CheckLayerOptions = {}): Promise<CaseResult> {
  const { inputs: _inputs, name: _name, workers, caseTimeoutMs, ...rest } = options;
  if (typeof subject === 'string')
    return preservingState(
      async () => (await check({ ...rest, workers: workers ?? 0, caseTimeoutMs, layerFiles: [subject] })).cases[0],
    );
  const mod = layerModuleOf(subject, options);
  return checkPair(twinPair(mod, `layer module '${mod.name}'`), { ...rest, workers, caseTimeoutMs });
}
