import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ModelSpec } from '../architecture/types';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseResult } from '../engine/CaseResult';
import { ranConfig } from '../engine/resolveConfig';
import { UsageError } from '../errors';
import { hashText } from '../runtime/hashText';
import { packageVersion } from '../runtime/packageVersion';
import type { BackendChoice, BackendName } from '../runtime/selectBackend';
import { tensorflowRuntime } from '../runtime/tensorflowRuntime';
import { tf } from '../runtime/tf';
import { summarize } from '../triage/summarize';
import type { CaseJob } from './CaseJob';
import type { CheckOptions } from './check';
import type { Executor } from './Executor';
import { fuzzSummary, shrinkFindings } from './fuzzCampaign';
import type { InProcessExecutor } from './InProcessExecutor';
import { JsonlWriter, readJsonl, type RunHeader } from './jsonl';
import type { Refusals } from './loadInputs';
import type { Plan } from './planJobs';
import type { PlannedReplay } from './planReplay';
import { PoolExecutor } from './PoolExecutor';
import { kernelCases } from '../reference/backends/kernelCases';
import { runJobs } from './runJobs';
import type { FuzzSummary, RunResult } from './RunResult';
import { inShard } from './shard';

/** What running a plan needs besides the plan. */
export interface RunContext {
  options: CheckOptions;
  runConfig: CaseConfig;
  backend: BackendName;
  strict: boolean;
  choice: BackendChoice;
  executor: Executor;
  here: InProcessExecutor;
  refusals: Refusals;
  replay?: PlannedReplay;
  /** When the run started (ms since the epoch). */
  started: number;
}

/**
 * Step 3 of `check()`: runs the plan's jobs (this shard's, minus what a
 * resumed run already finished), streams each case as it ends, shrinks the
 * campaign's findings, and returns the run's result as data.
 */
export async function runPlan(plan: Plan, c: RunContext): Promise<RunResult> {
  const { options, runConfig, backend, strict, choice, executor, here, replay } = c;
  const { jobs, fuzz: fuzzOptions } = plan;
  const refused = c.refusals.refused;
  const shard = options.shard;
  const selected = jobs.filter((j) => inShard(j.index, shard));
  const fuzzJobs = selected.filter((j) => j.generated && j.index >= plan.fuzzBase && j.index !== plan.replayIndex);
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
    startedAt: new Date(c.started).toISOString(),
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
  for (const r of plan.early)
    if (!done.has(r.index!)) {
      done.set(r.index!, r);
      options.onCase?.(r);
      writer?.case(r);
    }
  options.onPlan?.(selected.length, [...done.keys()].filter((i) => selected.some((j) => j.index === i)).length);
  const pending = selected.filter((j) => !done.has(j.index));
  // Pair objects cannot leave this process; everything else runs where the executor runs it.
  const run = (job: CaseJob) => (job.source.kind === 'pair' ? here.run(job) : executor.run(job));
  const ran = await runJobs(pending, run, executor.concurrency, {
    signal: options.signal,
    onResult: (r) => {
      options.onCase?.(r);
      writer?.case(r);
    },
  });
  let cases = [...done.values(), ...ran]
    .filter((r) => selected.some((j) => j.index === r.index))
    .sort((a, b) => a.index! - b.index!);

  // --kernels: the kernel-level campaign, in this process, after the cases (harness/reference/backends/kernelCases.ts).
  if (options.kernels) {
    const { names, tolerance } = runConfig.backends!;
    const more = await kernelCases({
      backends: names,
      tolerance,
      seed: runConfig.seed,
      ...options.kernels,
      firstIndex: jobs.length,
    });
    more.forEach((r) => options.onCase?.(r));
    cases = [...cases, ...more];
  }
  let fuzz: FuzzSummary | undefined;
  if (fuzzOptions) {
    const byIndex = new Map(jobs.map((j) => [j.index, j]));
    const fuzzCases = cases.filter((r) => fuzzJobs.some((j) => j.index === r.index));
    const shrunk = await shrinkFindings(fuzzCases, byIndex, executor, {
      ...fuzzOptions,
      signal: options.signal,
      done: previous?.shrinks,
      onShrunk: (line) => writer?.shrunk(line),
    });
    const withShrinks = new Map(shrunk.map((r) => [r.index!, r]));
    cases = cases.map((r) => withShrinks.get(r.index!) ?? r);
    fuzz = fuzzSummary(fuzzOptions, shrunk, specsOf(fuzzJobs));
  }
  if (replay?.note)
    cases = cases.map((r) => (r.source === 'replay' ? { ...r, notes: [replay.note!, ...(r.notes ?? [])] } : r));
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
    durationMs: Date.now() - c.started,
  };
}

const specsOf = (jobs: CaseJob[]) =>
  jobs
    .map((j) => (j.source.kind === 'spec' ? j.source.spec : undefined))
    .filter((s): s is ModelSpec => s !== undefined);

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
