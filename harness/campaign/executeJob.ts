import type { PairModule } from '../construct/PairModule';
import type { CaseResult, ShrunkCase } from '../engine/CaseResult';
import type { CaseSource } from '../engine/CaseSource';
import type { CaseJob } from './CaseJob';
import { checkpointRank } from '../checkpoints/checkpointOrder';
import { signatureDivergences } from '../triage/signatureOf';
import { checkCase } from './checkCase';
import { labelOf, runGenerated } from './runGenerated';
import { shrinkCase } from './shrinkCase';

/** Loads a pair module file (a process keeps the modules it loaded). */
export type PairLoader = (file: string) => Promise<PairModule>;

async function sourceOf(job: CaseJob, loadPair: PairLoader): Promise<CaseSource> {
  const s = job.source;
  if (s.kind === 'pairFile')
    return { kind: 'pair', name: s.name, pair: await loadPair(s.file), file: s.file, feed: s.feed };
  return s;
}

/**
 * Runs and judges one job in this process: the result as reports take it
 * (its place in the run, the notes of its planning, its replay token; the
 * facts triage read are left behind).
 */
export async function executeJob(job: CaseJob, loadPair: PairLoader): Promise<CaseResult> {
  const { facts: _facts, ...result } = await checkCase(await sourceOf(job, loadPair), job.config, job.backend);
  const notes = [...(job.notes ?? []), ...(result.notes ?? [])];
  return { ...result, index: job.index, notes: notes.length > 0 ? notes : undefined, replay: job.generated?.replay };
}

/**
 * The last checkpoint a case must run to for its signature to read the
 * same: its first unexplained divergence's, or that of the later divergence
 * that names the signature's layer (a count at build takes its layer from
 * a weight compared afterwards).
 */
function untilOf(r: CaseResult): string | undefined {
  const from = signatureDivergences(r);
  if (!from) return undefined;
  const a = from.first.checkpoint;
  const b = from.named?.checkpoint ?? a;
  return checkpointRank(b) > checkpointRank(a) ? b : a;
}

/**
 * Shrinks a generated job's case to a minimal one with the same label
 * (signature and explanation). Candidates run only up to the checkpoints
 * the signature is read from ({@link untilOf}) — a divergence after them
 * cannot change it — and the minimal case then runs in full; if the full run
 * shows another label (a known finding with a new divergence after its
 * checkpoint), the shrink is redone on full runs. Undefined when nothing
 * smaller keeps the label.
 */
export async function shrinkJob(job: CaseJob, original: CaseResult, label: string): Promise<ShrunkCase | undefined> {
  const gen = job.generated;
  if (!gen) return undefined;
  const maxSteps = gen.g.sizes.maxSteps;
  // Candidates run before this pass: the passes below add theirs.
  let spent = 0;
  let best = await shrinkCase(
    gen.raw,
    original,
    label,
    (raw) => runGenerated(raw, gen.g, { until: untilOf(original) }),
    undefined,
    maxSteps,
  );
  // The original runs first: if it does not show its label when stopped early, shrink on full runs.
  if (!best.reproduced) {
    spent += best.candidates;
    best = await shrinkCase(gen.raw, original, label, (raw) => runGenerated(raw, gen.g), undefined, maxSteps);
  }
  if (best.raw === gen.raw) return undefined;
  let full = await runGenerated(best.raw, gen.g);
  if (full.label !== label) {
    spent += best.candidates + 1;
    best = await shrinkCase(gen.raw, original, label, (raw) => runGenerated(raw, gen.g), undefined, maxSteps);
    if (best.raw === gen.raw) return undefined;
    full = await runGenerated(best.raw, gen.g);
  }
  const m = full.result;
  return {
    spec: m.spec!,
    replay: m.replay!,
    steps: best.steps,
    candidates: spent + best.candidates + 1,
    candidatesToLayers: spent + best.candidatesToLayers,
    verdict: m.verdict,
    divergences: m.divergences,
    knownCause: m.knownCause,
  };
}

export { labelOf };
