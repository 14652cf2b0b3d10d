import type { PairModule } from '../construct/PairModule';
import type { CaseOrigin, CaseResult } from '../engine/CaseResult';
import { resolveBackend, resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { UsageError } from '../errors';
import type { SizeOptions } from '../generate/decodeRecipe';
import { selectBackend } from '../runtime/selectBackend';
import type { Executor } from './Executor';
import { InProcessExecutor } from './InProcessExecutor';
import { loadInputs } from './loadInputs';
import { planJobs } from './planJobs';
import type { ShrinkKnown } from './fuzzCampaign';
import { PoolExecutor } from './PoolExecutor';
import { runPlan } from './runPlan';
import type { RunResult } from './RunResult';
import type { Shard } from './shard';

/** What to check, and how. Case options left out keep their defaults (or what a pair or generated case asks for). */
export interface CheckOptions extends CaseOptions {
  backend?: string;
  /** Known findings count as failures too (exit code, JUnit). */
  strict?: boolean;
  /** Spec files to load. */
  specFiles?: string[];
  /** Specs given as objects (validated here). */
  specs?: { spec: unknown; origin?: CaseOrigin; name?: string }[];
  /** Pair module files to load. */
  pairFiles?: string[];
  /** Layer module files (`{ name, inputs, layer }`): each runs as a pair whose functional side is derived from the layer's trace. */
  layerFiles?: string[];
  /** Pair modules given as objects (these always run in this process). */
  pairs?: PairModule[];
  /** A fuzz campaign to run after the given specs and pairs (its seed defaults to `seed`). */
  fuzz?: { runs: number; seed?: number; sizes?: SizeOptions; shrink?: boolean; shrinkKnown?: ShrinkKnown };
  /** The kernel-level campaign (`--kernels`, needs `backends`): generated inputs for each known kernel on every backend. */
  kernels?: { runs?: number };
  /** A replay token: rerun exactly that generated case. */
  replay?: string;
  /**
   * Worker threads to run cases in (default 0: in this process). With
   * workers, each case has a time limit, and one that hangs, throws
   * asynchronously or kills its worker is reported as `timeout` or
   * `crashed` while the run goes on.
   */
  workers?: number;
  /** A case's time limit in workers (default 120 s). */
  caseTimeoutMs?: number;
  /** Each worker's JavaScript heap limit in MiB (default 4096): a case that exhausts it is `crashed`. */
  workerHeapMb?: number;
  /** Run only this deterministic slice of the cases (every N-th, by index). */
  shard?: Shard;
  /** Append each finished case to this JSON Lines file as it ends. */
  jsonl?: string;
  /** Continue the run the `jsonl` file records: its finished cases are kept, the rest run. */
  resume?: boolean;
  /** Stops the run: nothing new starts, running cases are ended, and the result holds what finished. */
  signal?: AbortSignal;
  /** Called after each case, e.g. to print progress; before the case is streamed, so what it adds (the CLI's `settingSources`) is in the JSONL too. */
  onCase?: (r: CaseResult) => void;
  /** Called once the run knows how many cases it will run (`done` of them already, on resume). */
  onPlan?: (total: number, done: number) => void;
}

export const DEFAULT_CASE_TIMEOUT_MS = 120_000;

/** The case options the user actually gave (absent ones are not options). */
function givenOptions(o: CheckOptions): CaseOptions {
  const fields = [
    'seed',
    'optimizer',
    'optimizerOptions',
    'steps',
    'batchSize',
    'loss',
    'tolerance',
    'fit',
    'reload',
    'mutant',
    'allow',
    'reference',
    'backends',
    'backendTolerance',
  ] as const;
  const out: CaseOptions = {};
  for (const f of fields) if (o[f] !== undefined) (out as Record<string, unknown>)[f] = o[f];
  if (out.optimizerOptions && Object.values(out.optimizerOptions).every((v) => v === undefined))
    delete out.optimizerOptions;
  return out;
}

/**
 * Checks everything the options name, in three steps: {@link loadInputs}
 * loads and validates every input before anything runs (a bad file or
 * object is refused — `refused` in the result, exit code 2 — and the rest
 * still run; when nothing is left to run, the input errors throw as a
 * `ParityError`, one line each); {@link planJobs} turns them into jobs in a
 * fixed order; {@link runPlan} runs them, judges each (known causes proven
 * on the case) and returns the run's result as data. Divergences do not
 * throw. Every option applies to every case — spec, pair, generated,
 * replayed — and each case records the config it ran.
 */
export async function check(options: CheckOptions): Promise<RunResult> {
  const started = Date.now();
  const given = givenOptions(options);
  const runConfig = resolveCaseConfig(given);
  const backend = resolveBackend(options.backend);
  const strict = options.strict ?? false;
  const workers = options.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0)
    throw new UsageError(`workers must be a whole number of 0 or more, got ${workers}`);
  if (options.resume && !options.jsonl) throw new UsageError('--resume needs the JSONL file of the run to continue');
  if (options.kernels && !runConfig.backends) throw new UsageError('--kernels needs --backends (two or more backends)');

  const inputs = loadInputs(options);
  const choice = await selectBackend(backend);
  const executor: Executor =
    workers > 0
      ? new PoolExecutor({
          workers,
          caseTimeoutMs: options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
          backend,
          ranOn: choice.backend,
          maxHeapMb: options.workerHeapMb,
          signal: options.signal,
        })
      : new InProcessExecutor();
  const here = executor instanceof InProcessExecutor ? executor : new InProcessExecutor();
  try {
    const context = { options, given, runConfig, backend, executor, here };
    const plan = await planJobs(inputs, { ...context, ranOn: choice.backend });
    return await runPlan(plan, {
      ...context,
      strict,
      choice,
      refusals: inputs.refusals,
      replay: inputs.replay,
      started,
    });
  } finally {
    await executor.close();
  }
}
