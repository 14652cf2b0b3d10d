import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { InputFeed } from '../engine/CaseSource';
import type { CaseResult } from '../engine/CaseResult';
import { overrides, resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { ParityError } from '../errors';
import type { BackendName } from '../runtime/selectBackend';
import type { CaseJob } from './CaseJob';
import type { CheckOptions } from './check';
import { pairInfo, type Executor, type PairInfo } from './Executor';
import { failedCase } from './failedCase';
import { planFuzz, type FuzzOptions } from './fuzzCampaign';
import type { InProcessExecutor } from './InProcessExecutor';
import type { LoadedInputs } from './loadInputs';
import { PairInspectionFailed } from './PoolExecutor';
import type { PlannedReplay } from './planReplay';
import { planGenerated } from './runGenerated';

/** What `check()` will run: every job in order, and what is already decided before running. */
export interface Plan {
  jobs: CaseJob[];
  /** Cases decided while planning (a pair module whose loading never finished): they count as run. */
  early: CaseResult[];
  /** The campaign's options, when there is one; its jobs start at `fuzzBase`. */
  fuzz?: Omit<FuzzOptions, 'onCase'>;
  fuzzBase: number;
  /** The index of the replayed case, when there is one. */
  replayIndex?: number;
}

/** What planning needs besides the loaded inputs. */
export interface PlanContext {
  options: CheckOptions;
  /** The case options the user actually gave. */
  given: CaseOptions;
  runConfig: CaseConfig;
  backend: BackendName;
  /** The backend cases run on, for cases decided while planning. */
  ranOn: string;
  /** Where pair module files are inspected (a worker pool or this process). */
  executor: Executor;
  /** Where pair objects are inspected: they cannot leave this process. */
  here: InProcessExecutor;
}

/**
 * Step 2 of `check()`: turns loaded inputs into jobs, in a fixed order —
 * specs, pair files, pair objects, the campaign, the replay — so a seed and
 * a shard always name the same cases. Pair modules are loaded and
 * pre-flighted where their cases run; a bad one is refused (its input
 * error joins the others) and the rest still run.
 */
export async function planJobs(inputs: LoadedInputs, c: PlanContext): Promise<Plan> {
  const { given, runConfig, backend, executor, here } = c;
  const refusals = inputs.refusals;
  const jobs: CaseJob[] = [];
  const early: CaseResult[] = [];
  for (const s of inputs.specs)
    jobs.push({ index: jobs.length, source: { kind: 'spec', ...s }, config: runConfig, backend });
  for (const file of inputs.pairFiles) {
    const index = jobs.length;
    try {
      const info = await executor.inspectPair(file);
      jobs.push(pairJob(index, { kind: 'pairFile', name: info.name, file, feed: info.feed }, info, given, backend));
    } catch (e) {
      if (e instanceof ParityError) {
        refusals.add(file, e);
        continue;
      }
      if (!(e instanceof PairInspectionFailed)) throw e;
      // A module whose loading never finished is a case that timed out, not bad input: the run goes on.
      const job: CaseJob = { index, source: { kind: 'pairFile', name: file, file }, config: runConfig, backend };
      jobs.push(job);
      early.push(failedCase(job, e.verdict, e.message, 'loading and pre-flight', 0, c.ranOn));
    }
  }
  for (const p of inputs.pairObjects) {
    let feed: InputFeed;
    try {
      feed = await here.inspectObject(p);
    } catch (e) {
      refusals.add(`pair '${p.name}'`, e);
      continue;
    }
    jobs.push(pairJob(jobs.length, { kind: 'pair', name: p.name, pair: p, feed }, pairInfo(p, feed), given, backend));
  }
  const { fuzz: fuzzGiven } = c.options;
  if (jobs.length === 0 && !fuzzGiven && !inputs.replay && !c.options.kernels) throw refusals.error();
  const fuzzBase = jobs.length;
  const fuzz = fuzzGiven
    ? { ...fuzzGiven, seed: fuzzGiven.seed ?? runConfig.seed, backend, mutant: runConfig.mutant, options: given }
    : undefined;
  if (fuzz) jobs.push(...planFuzz(fuzz, fuzzBase));
  let replayIndex: number | undefined;
  if (inputs.replay) {
    replayIndex = jobs.length;
    jobs.push(replayJob(inputs.replay, replayIndex, given, backend));
  }
  return { jobs, early, fuzz, fuzzBase, replayIndex };
}

/** A pair's own training choices, as options below the user's. */
const declared = (p: PairInfo): CaseOptions => ({
  loss: p.loss,
  optimizer: p.optimizer,
  optimizerOptions: p.optimizerOptions,
});

/** A pair's job: its declared loss and optimizer under the user's flags, and notes where a flag overrides them. */
function pairJob(
  index: number,
  source: CaseJob['source'],
  info: PairInfo,
  given: CaseOptions,
  backend: BackendName,
): CaseJob {
  const mine = declared(info);
  // A mutant is a fault of the harness's own subclass builder: a pair's subclass is the user's, so it runs as written.
  const notes = [
    ...overrides(mine, given, 'the pair module'),
    ...(given.mutant
      ? [`--mutant ${given.mutant} changes the harness's own subclass builder, not a pair module's: not applied`]
      : []),
    ...feedNotes(info),
  ];
  return {
    index,
    source,
    config: resolveCaseConfig(mine, { ...given, mutant: undefined }),
    backend,
    notes: notes.length > 0 ? notes : undefined,
  };
}

/** Inputs fed in another dtype than the pair declares (ids through a float32 `tf.input`), said in the case. */
function feedNotes(info: PairInfo): string[] {
  return info.inputs.flatMap((d, i) => {
    const fed = info.feed?.[i];
    return fed !== undefined && fed !== (d.dtype ?? 'float32')
      ? [
          `inputs[${i}]: ${d.dtype} ids in [0, ${d.maxValue}) fed as ${fed}, the dtype the functional model's input declares`,
        ]
      : [];
  });
}

/** The job of a replayed generated case: the token's recipe and options, the user's flags on top. */
function replayJob(replay: PlannedReplay, index: number, given: CaseOptions, backend: BackendName): CaseJob {
  const c = replay.token.case;
  const job = planGenerated(
    c,
    {
      name: c.name,
      seed: c.seed,
      mutant: given.mutant ?? c.mutant,
      sizes: c.sizes,
      backend,
      options: { ...(c.options as CaseOptions), ...given },
    },
    index,
  );
  return { ...job, source: { ...job.source, origin: 'replay' } as CaseJob['source'] };
}
