import type { CaseConfig } from '../checkpoints/CaseConfig';
import { isMutant, MUTANTS, type MutantName } from '../construct/mutants';

export type { CaseConfig };
import { parseTolerance, type Tolerance } from '../compare/Tolerance';
import { UsageError } from '../errors';
import { LOSSES, type LossName } from '../runtime/losses';
import { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from '../runtime/makeOptimizer';
import { BACKENDS, type BackendName } from '../runtime/selectBackend';
import { didYouMean } from '../util/nearest';

/** Options as a user or the CLI gives them: any subset, tolerance as text. */
export type CaseOptions = Partial<Omit<CaseConfig, 'tolerance' | 'optimizer' | 'loss' | 'mutant'>> & {
  tolerance?: string | Tolerance;
  optimizer?: string;
  loss?: string;
  mutant?: string;
};

/** Defaults, in one place. */
export const DEFAULTS = { seed: 42, optimizer: 'adam', steps: 2, batchSize: 4, loss: 'meanSquaredError', tolerance: 'exact', fit: true, reload: true, backend: 'auto' } as const;

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${what} '${value}'${didYouMean(value, allowed)}: use one of ${allowed.join(', ')}`);
}

function intIn(what: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new UsageError(`${what} must be a whole number from ${lo} to ${hi}, got ${v}`);
  return v;
}

/** Turns partial options into a validated {@link CaseConfig} (throws {@link UsageError}). */
export function resolveCaseConfig(o: CaseOptions = {}): CaseConfig {
  const mutant = o.mutant;
  if (mutant !== undefined && !isMutant(mutant)) throw new UsageError(`unknown mutant '${mutant}'${didYouMean(mutant, Object.keys(MUTANTS))}: use one of ${Object.keys(MUTANTS).join(', ')}`);
  return {
    seed: intIn('seed', o.seed ?? DEFAULTS.seed, 0, 2 ** 31 - 1),
    optimizer: oneOf('optimizer', o.optimizer ?? DEFAULTS.optimizer, OPTIMIZERS),
    optimizerOptions: o.optimizerOptions ?? {},
    steps: intIn('steps', o.steps ?? DEFAULTS.steps, 1, 1000),
    batchSize: intIn('batch size', o.batchSize ?? DEFAULTS.batchSize, 1, 4096),
    loss: oneOf('loss', o.loss ?? DEFAULTS.loss, LOSSES),
    tolerance: typeof o.tolerance === 'object' ? o.tolerance : parseTolerance(o.tolerance ?? DEFAULTS.tolerance),
    fit: o.fit ?? DEFAULTS.fit,
    reload: o.reload ?? DEFAULTS.reload,
    mutant: mutant as MutantName | undefined,
  };
}

/** Validates a backend name. */
export function resolveBackend(name: string | undefined): BackendName {
  return oneOf('backend', name ?? DEFAULTS.backend, BACKENDS);
}
