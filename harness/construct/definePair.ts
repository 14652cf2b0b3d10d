import type { PairModule } from './PairModule';

/**
 * Declares a pair for TypeScript: returns its argument unchanged, typed, so
 * that `tf` and `init` in the factories are typed and a misspelt field or a
 * factory returning the wrong thing is a compile error. The harness
 * validates the pair at run time all the same.
 *
 * ```ts
 * import { definePair } from 'parity-check';
 * export default definePair({ name: 'mlp', inputs: [{ shape: [4] }], functional: ({ tf, init }) => …, subclass: ({ tf, init }) => … });
 * ```
 */
export function definePair<T extends PairModule>(pair: T & Record<Exclude<keyof T, keyof PairModule>, never>): T {
  return pair;
}
