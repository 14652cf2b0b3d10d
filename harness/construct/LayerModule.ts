import { z } from 'zod';
import { BadModuleError } from '../errors';
import { didYouMean } from '../util/nearest';
import { LOSSES, type LossName } from '../runtime/losses';
import { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from '../runtime/makeOptimizer';
import type { TfLayer } from '../architecture/catalogue';
import type { PairContext, PairModule } from './PairModule';

/**
 * A user's custom layer alone: parity-check derives its functional twin
 * from a trace of what `call()` did (see `deriveTwin`). It checks how the
 * layer plugs into tfjs, not its arithmetic.
 */
export interface LayerModule {
  name: string;
  description?: string;
  /** As a pair module's: batch excluded, `null` for a variable-length axis. */
  inputs: PairModule['inputs'];
  /** Returns a new instance of the `tf.layers.Layer` subclass (or a promise of one) on every call. */
  layer(ctx: PairContext): TfLayer | Promise<TfLayer>;
  loss?: LossName;
  optimizer?: OptimizerName;
  optimizerOptions?: OptimizerOptions;
}

const schema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    inputs: z.array(z.unknown()).min(1),
    layer: z.custom<(...args: unknown[]) => unknown>(
      (v) => typeof v === 'function',
      'must be a function ({ tf, init }) => new MyLayer(…)',
    ),
    loss: z.enum(LOSSES).optional(),
    optimizer: z.enum(OPTIMIZERS).optional(),
    optimizerOptions: z.unknown().optional(),
  })
  .strict();

/** Whether a module's default export is a layer module (it has `layer` and neither pair factory). */
export function isLayerModule(value: unknown): boolean {
  const v = value as Record<string, unknown> | null;
  return v !== null && typeof v === 'object' && 'layer' in v && !('functional' in v) && !('subclass' in v);
}

/**
 * Checks a module's default export against the layer-module contract (its
 * inputs and training options are then checked as a pair's are).
 */
export function validateLayerModule(value: unknown, file: string): LayerModule {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      throw new BadModuleError(
        `${file}: unknown field '${key}'${didYouMean(key, Object.keys(schema.shape))} (a layer module default-exports { name, inputs, layer } and optionally loss, optimizer, optimizerOptions, description)`,
        file,
      );
    }
    throw new BadModuleError(
      `${file}: '${issue.path.join('.') || 'default export'}': ${issue.message.split('\n')[0]} (a layer module default-exports { name, inputs, layer })`,
      file,
    );
  }
  return value as LayerModule;
}
