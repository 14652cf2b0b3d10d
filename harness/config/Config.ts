import { z } from 'zod';
import { DIVERGENCE_KINDS, type DivergenceKind } from '../compare/Divergence';
import { MUTANTS } from '../construct/mutants';
import { LOSSES } from '../runtime/losses';
import { OPTIMIZERS } from '../runtime/makeOptimizer';
import { BACKENDS } from '../runtime/selectBackend';

/** Every reporter a run can use (`--reporter`, `reporters`). */
export const REPORTER_NAMES = ['console', 'json', 'junit', 'html', 'github', 'sarif', 'jsonl'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/**
 * A `parity-check.config.*` file: every option of the command line, by the
 * name of its flag in camelCase (`--learning-rate` is `learningRate`), with
 * `specs`, `pairs` and `reporters` in the plural. A flag given on the
 * command line overrides the file. Paths and globs are relative to the
 * config file's folder.
 */
export interface Config {
  /** Spec files or globs (`--spec`). */
  specs?: string[];
  /** Pair modules or globs (`--pair`). */
  pairs?: string[];
  /** Fuzz: generate and run this many architectures (`--runs`). */
  runs?: number;
  seed?: number;
  backend?: (typeof BACKENDS)[number];
  /** Optimizer steps (custom loop) and fit epochs. */
  steps?: number;
  /** Batch size (`--batch`). */
  batch?: number;
  optimizer?: (typeof OPTIMIZERS)[number];
  learningRate?: number;
  loss?: (typeof LOSSES)[number];
  /** `exact`, `ulp:N` or `atol:A,rtol:R`. */
  tolerance?: string;
  /** `false` skips the fit checkpoint (`--no-fit`). */
  fit?: boolean;
  /** `false` skips the reload checkpoint (`--no-reload`). */
  reload?: boolean;
  /** `keras`: also compare each spec with Keras 3 (`--reference keras`). */
  reference?: 'keras';
  mutant?: string;
  /** Backends each side also runs on and is compared across (`--backends`), the first the reference: e.g. `['cpu', 'tensorflow']`. */
  backends?: ('cpu' | 'wasm' | 'tensorflow')[];
  /** The tolerance between backends (`--backend-tolerance`): `ulp:N` or `atol:A,rtol:R`. */
  backendTolerance?: string;
  /** `--onednn on|off`: TensorFlow's oneDNN kernels (`TF_ENABLE_ONEDNN_OPTS`); absent leaves TensorFlow's default. */
  onednn?: 'on' | 'off';
  /** `--kernels`: the kernel-level campaign across `backends`. */
  kernels?: boolean;
  /** Fuzz: `false` does not shrink new findings (`--no-shrink`). */
  shrink?: boolean;
  /** Shrink known findings too: all (`true`), or those explained by one of these cause ids (`--shrink-known a,b`). */
  shrinkKnown?: boolean | string[];
  maxSteps?: number;
  maxInputs?: number;
  /** Worker threads; 0 runs cases in the CLI's process. */
  workers?: number;
  /** Seconds a case may run (`--case-timeout`). */
  caseTimeout?: number;
  /** Each worker's heap limit in MiB (`--worker-heap`). */
  workerHeap?: number;
  /** Known findings fail too. */
  strict?: boolean;
  /** Divergence kinds that do not fail the run (`--allow`): still reported, counted as allowed. */
  allow?: DivergenceKind[];
  verbose?: boolean;
  quiet?: boolean;
  /** Reporters to use (`--reporter`). */
  reporters?: ReporterName[];
  json?: string;
  junit?: string;
  html?: string;
  sarif?: string;
  jsonl?: string;
}

const whole = (min: number) =>
  z.number().int(`expected a whole number, got a fraction`).min(min, `expected a whole number of at least ${min}`);
const path = z.string().min(1, 'expected a path');

/** The config file's schema: strict, so a misspelt key is an error of its own (with a suggestion). */
export const configSchema = z
  .strictObject({
    specs: z.array(path),
    pairs: z.array(path),
    runs: whole(1),
    seed: whole(0),
    backend: z.enum(BACKENDS as [string, ...string[]]),
    steps: whole(1),
    batch: whole(1),
    optimizer: z.enum(OPTIMIZERS as unknown as [string, ...string[]]),
    learningRate: z.number().positive('expected a number above 0'),
    loss: z.enum(LOSSES as unknown as [string, ...string[]]),
    tolerance: z.string().regex(/^(exact|ulp:\d+|atol:[^,]+,rtol:.+)$/, "expected 'exact', 'ulp:N' or 'atol:A,rtol:R'"),
    fit: z.boolean(),
    reload: z.boolean(),
    reference: z.enum(['keras']),
    mutant: z.enum(Object.keys(MUTANTS) as [string, ...string[]]),
    backends: z.array(z.enum(['cpu', 'wasm', 'tensorflow'])).min(2, 'expected two or more backends'),
    backendTolerance: z
      .string()
      .regex(/^(exact|ulp:\d+|atol:[^,]+,rtol:.+)$/, "expected 'exact', 'ulp:N' or 'atol:A,rtol:R'"),
    onednn: z.enum(['on', 'off']),
    kernels: z.boolean(),
    shrink: z.boolean(),
    shrinkKnown: z.union([z.boolean(), z.array(z.string()).min(1, 'expected at least one cause id')]),
    maxSteps: whole(1),
    maxInputs: whole(1),
    workers: whole(0),
    caseTimeout: z.number().positive('expected a number of seconds above 0'),
    workerHeap: whole(1),
    strict: z.boolean(),
    allow: z.array(z.enum(DIVERGENCE_KINDS as unknown as [DivergenceKind, ...DivergenceKind[]])),
    verbose: z.boolean(),
    quiet: z.boolean(),
    reporters: z.array(z.enum(REPORTER_NAMES)),
    json: path,
    junit: path,
    html: path,
    sarif: path,
    jsonl: path,
  })
  .partial();

/**
 * A typed identity for `parity-check.config.ts`: `export default
 * defineConfig({ … })` gets completion and a compile error for a misspelt
 * key or a wrong value.
 */
export function defineConfig(config: Config): Config {
  return config;
}
