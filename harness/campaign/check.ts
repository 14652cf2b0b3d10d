import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { validatePair, type PairModule } from '../construct/PairModule';
import type { CaseOrigin, CaseResult } from '../engine/CaseResult';
import { overrides, ranConfig, resolveBackend, resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { BadModuleError, ParityError, UsageError } from '../errors';
import { decoderVersion } from '../generate/decoderVersion';
import type { SizeOptions } from '../generate/decodeRecipe';
import { decodeReplay } from '../generate/replayToken';
import { hashText } from '../runtime/hashText';
import { packageVersion } from '../runtime/packageVersion';
import { selectBackend, type BackendName } from '../runtime/selectBackend';
import { tf } from '../runtime/tf';
import { loadSpecFile } from '../architecture/loadSpecFile';
import type { ModelSpec } from '../architecture/types';
import { validateSpec } from '../architecture/validateSpec';
import { summarize } from '../triage/summarize';
import type { CaseJob } from './CaseJob';
import { pairInfo, type Executor, type PairInfo } from './Executor';
import type { InputFeed } from '../engine/CaseSource';
import { failedCase } from './failedCase';
import { fuzzSummary, planFuzz, shrinkFindings } from './fuzzCampaign';
import { InProcessExecutor } from './InProcessExecutor';
import { JsonlWriter, readJsonl, type RunHeader } from './jsonl';
import { PairInspectionFailed, PoolExecutor } from './PoolExecutor';
import { runJobs } from './runJobs';
import { decodeGenerated, planGenerated } from './runGenerated';
import type { FuzzSummary, RefusedInput, RunResult } from './RunResult';
import { tensorflowRuntime } from '../runtime/tensorflowRuntime';
import { inShard, type Shard } from './shard';

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
  fuzz?: { runs: number; seed?: number; sizes?: SizeOptions; shrink?: boolean; shrinkKnown?: boolean };
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
  ] as const;
  const out: CaseOptions = {};
  for (const f of fields) if (o[f] !== undefined) (out as Record<string, unknown>)[f] = o[f];
  if (out.optimizerOptions && Object.values(out.optimizerOptions).every((v) => v === undefined))
    delete out.optimizerOptions;
  return out;
}

/** A pair's own training choices, as options below the user's. */
const declared = (p: PairInfo): CaseOptions => ({
  loss: p.loss,
  optimizer: p.optimizer,
  optimizerOptions: p.optimizerOptions,
});

/** What identifies a run's plan: its jobs (pair modules by their content) and options — a resume must continue the same one. */
function planId(jobs: CaseJob[], extra: unknown): string {
  const h = createHash('sha256');
  for (const j of jobs) {
    const s = j.source;
    const model =
      s.kind === 'spec'
        ? hashText(JSON.stringify(s.spec))
        : s.kind === 'pairFile'
          ? hashText(existsSync(s.file) ? readFileSync(s.file, 'utf8') : s.file)
          : s.name;
    h.update(JSON.stringify([j.index, s.kind, s.name, model, j.config, j.backend]));
  }
  h.update(JSON.stringify(extra));
  return h.digest('hex').slice(0, 16);
}

/**
 * Loads and validates everything first — a bad file or object is refused
 * (`refused` in the result, exit code 2) and the rest still run; when
 * nothing is left to run, the input errors throw as a {@link ParityError},
 * one line each — then runs every case,
 * judges it (known causes proven on the case) and returns the run's result
 * as data. Divergences do not throw. Every option applies to every case —
 * spec, pair, generated, replayed — and each case records the config it ran.
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

  // Everything the user gave, loaded and checked before anything runs. A
  // bad file is refused with one line naming it, and the others still run.
  const refused: RefusedInput[] = [];
  const refusedErrors: ParityError[] = [];
  const refuse = (input: string, e: unknown) => {
    if (!(e instanceof ParityError) || e instanceof UsageError) throw e;
    refused.push({ input, message: e.message });
    refusedErrors.push(e);
  };
  // Bad input alone: one refused input throws as itself (its class names what was wrong), several as one error.
  const refusal = () =>
    refusedErrors.length === 1 ? refusedErrors[0] : new ParityError(refused.map((r) => r.message).join('\n'));
  const specSources: { spec: ModelSpec; name: string; origin: CaseOrigin; file?: string }[] = [];
  for (const file of options.specFiles ?? []) {
    try {
      const spec = loadSpecFile(file);
      specSources.push({ spec, name: spec.name, file, origin: 'fixture' });
    } catch (e) {
      refuse(file, e);
    }
  }
  for (const [i, s] of (options.specs ?? []).entries()) {
    try {
      const spec: ModelSpec = validateSpec(s.spec, s.name ? `spec '${s.name}'` : `specs[${i}]`);
      specSources.push({ spec, name: s.name ?? spec.name, origin: s.origin ?? 'spec' });
    } catch (e) {
      refuse(s.name ?? `specs[${i}]`, e);
    }
  }
  const pairObjects: PairModule[] = [];
  for (const p of options.pairs ?? []) {
    const label = `pair '${(p as PairModule)?.name ?? '?'}'`;
    try {
      pairObjects.push(validatePair(p, label));
    } catch (e) {
      refuse(label, e);
    }
  }
  const pairFiles: string[] = [];
  // A layer module loads as a pair (its twin derived): the loader tells the two apart.
  for (const file of [...(options.pairFiles ?? []), ...(options.layerFiles ?? [])]) {
    if (!existsSync(file)) refuse(file, new BadModuleError(`${file}: no such file`, file));
    else pairFiles.push(file);
  }
  const replay = options.replay !== undefined ? planReplay(options.replay) : undefined;
  const nothingElse =
    specSources.length === 0 && pairFiles.length === 0 && pairObjects.length === 0 && !options.fuzz && !replay;
  // Only bad input and nothing to run: the input errors are the whole answer (exit 2).
  if (nothingElse && refused.length > 0) throw refusal();
  if (nothingElse)
    throw new ParityError('nothing to check: give spec files, pair modules, specs, a fuzz run or a replay token');

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
    // Pair module files are loaded and pre-flighted where their cases run; bad input still ends the run (exit 2).
    const jobs: CaseJob[] = [];
    const early: CaseResult[] = [];
    for (const s of specSources)
      jobs.push({ index: jobs.length, source: { kind: 'spec', ...s }, config: runConfig, backend });
    for (const file of pairFiles) {
      const index = jobs.length;
      try {
        const info = await executor.inspectPair(file);
        jobs.push(pairJob(index, { kind: 'pairFile', name: info.name, file, feed: info.feed }, info, given, backend));
      } catch (e) {
        if (e instanceof ParityError) {
          refuse(file, e);
          continue;
        }
        if (!(e instanceof PairInspectionFailed)) throw e;
        // A module whose loading never finished is a case that timed out, not bad input: the run goes on.
        const job: CaseJob = { index, source: { kind: 'pairFile', name: file, file }, config: runConfig, backend };
        jobs.push(job);
        early.push(failedCase(job, e.verdict, e.message, 'loading and pre-flight', 0, choice.backend));
      }
    }
    for (const p of pairObjects) {
      let feed: InputFeed;
      try {
        feed = await here.inspectObject(p);
      } catch (e) {
        refuse(`pair '${p.name}'`, e);
        continue;
      }
      jobs.push(pairJob(jobs.length, { kind: 'pair', name: p.name, pair: p, feed }, pairInfo(p, feed), given, backend));
    }
    if (jobs.length === 0 && !options.fuzz && !replay) throw refusal();
    const fuzzBase = jobs.length;
    const fuzzOptions = options.fuzz
      ? {
          ...options.fuzz,
          seed: options.fuzz.seed ?? runConfig.seed,
          backend,
          mutant: runConfig.mutant,
          options: given,
        }
      : undefined;
    if (fuzzOptions) jobs.push(...planFuzz(fuzzOptions, fuzzBase));
    if (replay) jobs.push(replayJob(replay, jobs.length, given, backend));

    const shard = options.shard;
    const selected = jobs.filter((j) => inShard(j.index, shard));
    const fuzzJobs = selected.filter(
      (j) => j.generated && j.index >= fuzzBase && !(replay && j.index === jobs.length - 1),
    );
    const header: RunHeader = {
      type: 'header',
      total: selected.length,
      tool: { name: 'parity-check', version: packageVersion() },
      tfjs: {
        version: tf.version.tfjs,
        backend: choice.backend,
        skippedBackends: choice.skipped,
        tensorflow: tensorflowRuntime(),
      },
      config: { ...ranConfig(runConfig), backend, strict },
      plan: planId(jobs, { fuzz: fuzzOptions && { ...fuzzOptions, backend: undefined }, strict }),
      ...(shard ? { shard } : {}),
      ...(refused.length > 0 ? { refused } : {}),
      ...(fuzzOptions ? { fuzz: fuzzSummary(fuzzOptions, [], specsOf(fuzzJobs)) } : {}),
      startedAt: new Date(started).toISOString(),
    };

    // What a stopped run already finished, when resuming it.
    const previous = options.resume ? readJsonl(options.jsonl!) : undefined;
    if (previous && previous.header.plan !== header.plan)
      throw new UsageError(
        `${options.jsonl}: cannot resume: it records another run (other cases or options) than this one`,
      );
    const writer = options.jsonl
      ? new JsonlWriter(options.jsonl, previous?.header ?? header, previous !== undefined)
      : undefined;
    const done = new Map<number, CaseResult>(previous?.cases ?? []);
    for (const r of early)
      if (!done.has(r.index!)) {
        done.set(r.index!, r);
        options.onCase?.(r);
        writer?.case(r);
      }
    options.onPlan?.(selected.length, [...done.keys()].filter((i) => selected.some((j) => j.index === i)).length);
    const pending = selected.filter((j) => !done.has(j.index));
    const run = (job: CaseJob) => (job.source.kind === 'pair' ? here.run(job) : executor.run(job));
    const ran = await runJobs(pending, run, executor.concurrency, {
      signal: options.signal,
      onResult: (r) => {
        options.onCase?.(r);
        writer?.case(r);
      },
    });
    let cases = [...done.values(), ...ran]
      .filter((c) => selected.some((j) => j.index === c.index))
      .sort((a, b) => a.index! - b.index!);

    let fuzz: FuzzSummary | undefined;
    if (fuzzOptions) {
      const byIndex = new Map(jobs.map((j) => [j.index, j]));
      const fuzzCases = cases.filter((c) => fuzzJobs.some((j) => j.index === c.index));
      const shrunk = await shrinkFindings(fuzzCases, byIndex, executor, {
        ...fuzzOptions,
        signal: options.signal,
        done: previous?.shrinks,
        onShrunk: (line) => writer?.shrunk(line),
      });
      const withShrinks = new Map(shrunk.map((c) => [c.index!, c]));
      cases = cases.map((c) => withShrinks.get(c.index!) ?? c);
      fuzz = fuzzSummary(fuzzOptions, shrunk, specsOf(fuzzJobs));
    }
    if (replay?.note)
      cases = cases.map((c) => (c.source === 'replay' ? { ...c, notes: [replay.note!, ...(c.notes ?? [])] } : c));
    const { type: _type, total: _total, ...meta } = previous?.header ?? header;
    const strays = executor instanceof PoolExecutor ? executor.strays : [];
    return {
      ...meta,
      ...(refused.length > 0 ? { refused } : {}),
      ...(strays.length > 0
        ? {
            warnings: strays.map(
              (s) =>
                `an asynchronous error reached a worker between cases (thrown late by a case that had already returned): ${s}`,
            ),
          }
        : {}),
      config: { ...ranConfig(runConfig), backend, strict },
      summary: summarize(cases, strict),
      ...(fuzz ? { fuzz } : {}),
      cases,
      ...(options.signal?.aborted ? { interrupted: true, planned: selected.length } : {}),
      durationMs: Date.now() - started,
    };
  } finally {
    await executor.close();
  }
}

const specsOf = (jobs: CaseJob[]) =>
  jobs
    .map((j) => (j.source.kind === 'spec' ? j.source.spec : undefined))
    .filter((s): s is ModelSpec => s !== undefined);

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
function replayJob(
  replay: ReturnType<typeof planReplay>,
  index: number,
  given: CaseOptions,
  backend: BackendName,
): CaseJob {
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

/**
 * Decodes a replay token and checks, before anything runs, that its recipe
 * still decodes to the model it named: a token from a parity-check whose
 * decoder differs would otherwise replay some other model under its name.
 * A token from another tfjs version replays (that is how one checks a bug
 * in a new release), with a note saying so.
 */
function planReplay(text: string) {
  const token = decodeReplay(text);
  const spec = decodeGenerated(token.case, { name: token.case.name, sizes: token.case.sizes });
  if (hashText(JSON.stringify(spec)) !== token.stamp.spec) {
    const why =
      token.stamp.decoder === decoderVersion()
        ? 'the same decoder version, so the token was altered'
        : `its decoder ${token.stamp.decoder}, this parity-check's ${decoderVersion()}`;
    throw new UsageError(
      `replay token for '${token.case.name}' decodes to a different model here than where it was made (${why}): it cannot replay that case; rerun the campaign that found it (same --seed and --runs) with this version`,
    );
  }
  const note =
    token.stamp.tfjs !== tf.version.tfjs
      ? `replayed on tfjs ${tf.version.tfjs}; the token was made with tfjs ${token.stamp.tfjs} (the same model, another tfjs)`
      : undefined;
  return { token, note };
}
