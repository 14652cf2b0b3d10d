import type { LayerModule } from './LayerModule';

/**
 * Declares a layer module for TypeScript: returns its argument unchanged,
 * typed (as `definePair` does for pairs).
 *
 * ```ts
 * import { defineLayer } from 'parity-check';
 * export default defineLayer({ name: 'block', inputs: [{ shape: [8] }], layer: ({ tf, init }) => new Block({ init }) });
 * ```
 */
export function defineLayer<T extends LayerModule>(mod: T & Record<Exclude<keyof T, keyof LayerModule>, never>): T {
  return mod;
}
