import fc from 'fast-check';
import type { CaseResult } from '../engine/CaseResult';
import type { CaseOptions } from '../engine/resolveConfig';
import { caseArbitrary } from '../generate/caseArbitrary';
import { coverageOf, featuresOf } from '../generate/coverage';
import { DEFAULT_SIZES, type SizeOptions } from '../generate/decodeRecipe';
import { seedFor } from '../runtime/seedFor';
import type { BackendName } from '../runtime/selectBackend';
import type { ModelSpec } from '../architecture/types';
import type { CaseJob } from './CaseJob';
import type { Executor } from './Executor';
import { findingsOf, firstOfEachLabel } from './findingsOf';
import { InProcessExecutor } from './InProcessExecutor';
import type { ShrinkLine } from './jsonl';
import { runJobs } from './runJobs';
import { planGenerated } from './runGenerated';
import type { FuzzSummary } from './RunResult';

/** What a fuzz campaign runs. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  backend: BackendName;
  mutant?: string;
  sizes?: SizeOptions;
  /** Shrink the first case of every new finding (default true). */
  shrink?: boolean;
  /**
   * Shrink known findings too (default false): a known finding's minimal
   * model is already its regression fixture, and proving the cause on every
   * shrink candidate costs a rerun each. A list of cause ids shrinks only the
   * known findings explained by one of them.
   */
  shrinkKnown?: ShrinkKnown;
  /** The user's case options, applied to every generated case on top of what it generated. */
  options?: CaseOptions;
  onCase?: (r: CaseResult) => void;
}

/**
 * The jobs of a campaign: `runs` cases from `seed` (the same seed gives the
 * same cases), numbered from `base`.
 */
export function planFuzz(o: Omit<FuzzOptions, 'onCase' | 'shrink' | 'shrinkKnown'>, base = 0): CaseJob[] {
  const sizes = o.sizes ?? DEFAULT_SIZES;
  return fc.sample(caseArbitrary(sizes.maxSteps), { seed: o.seed, numRuns: o.runs }).map((raw, i) =>
    planGenerated(
      raw,
      {
        name: `fuzz-${o.seed}-${i}`,
        seed: seedFor(o.seed, 'fuzz', String(i)),
        mutant: o.mutant,
        sizes,
        backend: o.backend,
        options: o.options,
      },
      base + i,
    ),
  );
}

/** Which known findings a campaign shrinks: all (`true`), none, or those a listed cause explains. */
export type ShrinkKnown = boolean | readonly string[];

/** Whether a known finding is to be shrunk under `shrinkKnown`. */
export function shrinksKnown(c: CaseResult, shrinkKnown: ShrinkKnown | undefined): boolean {
  if (shrinkKnown === true) return true;
  if (!Array.isArray(shrinkKnown)) return false;
  return (c.knownCauses ?? [c.knownCause]).some((id) => id !== undefined && shrinkKnown.includes(id));
}

/** How a campaign shrinks its findings. */
export interface ShrinkPlan {
  /** `false`: new findings are not shrunk (`--no-shrink`); known ones still are where `shrinkKnown` says so. */
  shrink?: boolean;
  shrinkKnown?: ShrinkKnown;
  signal?: AbortSignal;
  /** Shrinks already done (a resumed run): not done again. */
  done?: Map<number, ShrinkLine>;
  /** Sees each shrink as it finishes (to stream it). */
  onShrunk?: (line: Omit<ShrinkLine, 'type'>) => void;
}

/**
 * Shrinks the first case of each new finding (and of each known one with
 * `shrinkKnown`), on the executor's workers side by side; each case keeps
 * what it was and gets its minimal form beside it (`shrunk`), or a note
 * saying why it has none.
 */
export async function shrinkFindings(
  cases: CaseResult[],
  jobs: Map<number, CaseJob>,
  executor: Executor,
  p: ShrinkPlan = {},
): Promise<CaseResult[]> {
  const out = new Map(cases.map((c) => [c.index!, c]));
  const apply = (line: Omit<ShrinkLine, 'type'>) => {
    const c = out.get(line.index);
    if (!c) return;
    out.set(line.index, {
      ...c,
      ...(line.shrunk ? { shrunk: line.shrunk } : {}),
      ...(line.note ? { notes: [...(c.notes ?? []), line.note] } : {}),
    });
  };
  if (p.shrink === false && !p.shrinkKnown) return cases;
  const todo: CaseJob[] = [];
  for (const [label, c] of firstOfEachLabel(cases)) {
    if (c.knownCause !== undefined ? !shrinksKnown(c, p.shrinkKnown) : p.shrink === false) continue;
    const done = p.done?.get(c.index!);
    if (done) apply(done);
    else todo.push({ ...jobs.get(c.index!)!, notes: [label] });
  }
  await runJobs(
    todo,
    async (job) => {
      const c = out.get(job.index)!;
      const r = await executor.shrink(job, c, job.notes![0]);
      const line = { index: job.index, ...r };
      if (p.signal?.aborted && !r.shrunk) return undefined;
      apply(line);
      p.onShrunk?.(line);
      return undefined;
    },
    executor.concurrency,
    { signal: p.signal },
  );
  return cases.map((c) => out.get(c.index!)!);
}

/** The fuzz summary of a campaign's cases: its findings, and how often each layer kind was generated. */
export function fuzzSummary(
  o: Pick<FuzzOptions, 'seed' | 'runs' | 'mutant'>,
  cases: CaseResult[],
  specs: ModelSpec[],
): FuzzSummary {
  return {
    seed: o.seed,
    runs: o.runs,
    mutant: o.mutant,
    findings: findingsOf(cases),
    coverage: coverageOf(specs),
    features: featuresOf(specs),
  };
}

/**
 * Generates `runs` cases from `seed`, runs and judges each (in this
 * process by default, one after another), groups diverging ones into findings by
 * signature and explanation, and shrinks the first case of each new finding
 * to a minimal model that keeps both; the case itself stays as it ran (its
 * known-ness was judged on it), with the minimal form beside it.
 */
export async function fuzzCampaign(
  o: FuzzOptions,
  executor: Executor = new InProcessExecutor(),
): Promise<{ cases: CaseResult[]; fuzz: FuzzSummary }> {
  const jobs = planFuzz(o);
  const ran = await runJobs(jobs, (job) => executor.run(job), executor.concurrency);
  const cases = await shrinkFindings(ran, new Map(jobs.map((j) => [j.index, j])), executor, o);
  for (const c of cases) o.onCase?.(c);
  const specs = jobs
    .map((j) => (j.source.kind === 'spec' ? j.source.spec : undefined))
    .filter((s): s is ModelSpec => s !== undefined);
  return { cases, fuzz: fuzzSummary(o, cases, specs) };
}
