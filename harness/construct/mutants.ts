/**
 * Named faults injected into the subclass builder only, to measure what the
 * harness detects. Each is a real TF.js subclassing mistake.
 */
export const MUTANTS = {
  'unshared-layer': 'a shared layer gets a fresh instance at each application',
  'untracked-weights': "one sublayer's weights are not exposed by the subclass",
  'no-training-flag': '`training` is not forwarded to sublayer calls',
  'concat-swap': 'concatenation inputs are joined in reverse order',
  'skip-regularizer': "sublayers' regularization losses are left out",
  'drop-bias': 'one dense-like layer is built without its bias',
} as const;

/** Name of a mutant. */
export type MutantName = keyof typeof MUTANTS;

/** Whether a string names a mutant. */
export function isMutant(name: string): name is MutantName {
  return Object.prototype.hasOwnProperty.call(MUTANTS, name);
}
