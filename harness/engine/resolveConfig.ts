import type { CaseConfig, ConcreteBackend } from '../checkpoints/CaseConfig';
import { DEFAULT_BACKEND_TOLERANCE } from '../compare/backendTolerance';
import { DIVERGENCE_KINDS, type DivergenceKind } from '../compare/Divergence';
import { formatTolerance, parseTolerance, type Tolerance } from '../compare/Tolerance';
import { isMutant, MUTANTS } from '../construct/mutants';
import { UsageError } from '../errors';
import { LOSSES } from '../runtime/losses';
import { OPTIMIZERS, type OptimizerOptions } from '../runtime/makeOptimizer';
import { BACKENDS, type BackendName } from '../runtime/selectBackend';
import { didYouMean } from '../util/nearest';
import { requireReference, REFERENCES } from '../reference/requireReference';
import type { RanConfig } from './CaseResult';

export type { CaseConfig };

/** Options as a user or the CLI gives them: any subset, tolerance as text. An absent field means "not given". */
export type CaseOptions = Partial<
  Omit<CaseConfig, 'tolerance' | 'optimizer' | 'loss' | 'mutant' | 'allow' | 'reference' | 'backends'>
> & {
  /** `keras` (`--reference keras`): also compare each spec case with Keras 3. */
  reference?: string;
  /** `--backends cpu,tensorflow`: a comma-separated list or an array; two or more. */
  backends?: string | readonly string[];
  /** The tolerance between backends (default {@link DEFAULT_BACKEND_TOLERANCE}). */
  backendTolerance?: string;
  tolerance?: string | Tolerance;
  optimizer?: string;
  loss?: string;
  mutant?: string;
  /** Divergence kinds that do not fail (see `CaseConfig.allow`); a comma-separated list too. */
  allow?: string | readonly string[];
};

/** Defaults, in one place. */
export const DEFAULTS = {
  seed: 42,
  optimizer: 'adam',
  steps: 2,
  batchSize: 4,
  loss: 'meanSquaredError',
  tolerance: 'exact',
  fit: true,
  reload: true,
  backend: 'auto',
} as const;

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${what} '${value}'${didYouMean(value, allowed)}: use one of ${allowed.join(', ')}`);
}

function intIn(what: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new UsageError(`${what} must be a whole number from ${lo} to ${hi}, got ${v}`);
  return v;
}

/** Later layers win, field by field; an absent (undefined) field never overrides. Optimizer options merge per field. */
function layered(layers: CaseOptions[]): CaseOptions {
  const out: CaseOptions = {};
  let optimizerOptions: OptimizerOptions | undefined;
  for (const l of layers) {
    for (const [k, v] of Object.entries(l))
      if (v !== undefined && k !== 'optimizerOptions') (out as Record<string, unknown>)[k] = v;
    if (l.optimizerOptions)
      optimizerOptions = {
        ...optimizerOptions,
        ...Object.fromEntries(Object.entries(l.optimizerOptions).filter(([, v]) => v !== undefined)),
      };
  }
  if (optimizerOptions) out.optimizerOptions = optimizerOptions;
  return out;
}

/**
 * Turns options into a validated {@link CaseConfig} (throws {@link UsageError}).
 * Several layers may be given — defaults of a source (a pair module's loss,
 * a generated case's optimizer) first, the user's own options last — and
 * later layers win field by field.
 */
export function resolveCaseConfig(...layers: CaseOptions[]): CaseConfig {
  const o = layered(layers);
  const mutant = o.mutant;
  if (mutant !== undefined && !isMutant(mutant))
    throw new UsageError(
      `unknown mutant '${mutant}'${didYouMean(mutant, Object.keys(MUTANTS))}: use one of ${Object.keys(MUTANTS).join(', ')}`,
    );
  const lr = o.optimizerOptions?.learningRate;
  if (lr !== undefined && !(Number.isFinite(lr) && lr > 0))
    throw new UsageError(`learning rate must be a positive number, got ${lr}`);
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
    mutant: mutant,
    allow: allowedKinds(o.allow),
    ...(o.reference !== undefined ? { reference: resolveReference(o.reference) } : {}),
    ...crossBackends(o.backends, o.backendTolerance),
  };
}

/** Validates `backends` (two or more distinct backends, never `auto`) and the tolerance between them. */
function crossBackends(list: CaseOptions['backends'], tolerance: string | undefined): Pick<CaseConfig, 'backends'> {
  if (list === undefined) {
    if (tolerance !== undefined) throw new UsageError('--backend-tolerance needs --backends (two or more backends)');
    return {};
  }
  const names = (typeof list === 'string' ? list.split(',') : [...list]).map((b) => b.trim()).filter(Boolean);
  const concrete = BACKENDS.filter((b) => b !== 'auto');
  for (const n of names) oneOf('backend in --backends', n, concrete);
  if (new Set(names).size !== names.length || names.length < 2)
    throw new UsageError(`--backends needs two or more different backends, got '${names.join(',')}'`);
  return {
    backends: {
      names: names as ConcreteBackend[],
      tolerance: parseTolerance(tolerance ?? DEFAULT_BACKEND_TOLERANCE),
    },
  };
}

/** Validates `allow` (kinds, or a comma-separated list of them). */
function allowedKinds(allow: CaseOptions['allow']): DivergenceKind[] {
  if (allow === undefined) return [];
  const list =
    typeof allow === 'string'
      ? allow
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : [...allow];
  return [...new Set(list.map((k) => oneOf('divergence kind for allow', k, DIVERGENCE_KINDS)))];
}

/**
 * The fields where the user's options replace what a source asked for
 * (a pair module's declared loss, say), as notes for the case.
 */
export function overrides(source: CaseOptions, user: CaseOptions, what: string): string[] {
  const out: string[] = [];
  for (const field of ['loss', 'optimizer'] as const) {
    if (source[field] !== undefined && user[field] !== undefined && source[field] !== user[field])
      out.push(`--${field} ${user[field]} overrides the ${field} '${source[field]}' ${what} declares`);
  }
  const s = source.optimizerOptions ?? {};
  const u = user.optimizerOptions ?? {};
  for (const [k, v] of Object.entries(u))
    if (v !== undefined && (s as Record<string, unknown>)[k] !== undefined && (s as Record<string, unknown>)[k] !== v)
      out.push(`${k} ${String(v)} overrides the ${k} ${String((s as Record<string, unknown>)[k])} ${what} declares`);
  return out;
}

/** The config as a case records it. */
export function ranConfig(c: CaseConfig): RanConfig {
  return {
    seed: c.seed,
    optimizer: c.optimizer,
    optimizerOptions: { ...c.optimizerOptions },
    steps: c.steps,
    batchSize: c.batchSize,
    loss: c.loss,
    tolerance: formatTolerance(c.tolerance),
    fit: c.fit,
    reload: c.reload,
    ...(c.mutant ? { mutant: c.mutant } : {}),
    ...(c.allow.length > 0 ? { allow: [...c.allow] } : {}),
    ...(c.reference ? { reference: c.reference } : {}),
    ...(c.backends ? { backends: [...c.backends.names], backendTolerance: formatTolerance(c.backends.tolerance) } : {}),
  };
}

/** Validates a backend name. */
export function resolveBackend(name: string | undefined): BackendName {
  return oneOf('backend', name ?? DEFAULTS.backend, BACKENDS);
}

/** Validates a reference name, and that it can run here (one line saying what to install when not). */
function resolveReference(name: string): 'keras' {
  const ref = oneOf('reference', name, REFERENCES);
  const problem = requireReference(ref);
  if (problem) throw new UsageError(problem);
  return ref;
}
