import { divergenceId, type Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';

/** A divergence as two runs of one case must reproduce it: where it is, and its numbers (messages name tfjs's auto-numbered layers, which differ run to run). */
const fingerprint = (d: Divergence) => `${divergenceId(d)} ${JSON.stringify(d.stats ?? null)}`;

const where = (d: Divergence) => `${d.kind} at ${d.checkpoint}${d.key ? ` '${d.key}'` : ''}`;

/**
 * Where two runs of one case differ in what they observed — the verdict, each
 * divergence (where it is and its statistics: counts, greatest and first
 * differences with both values) and which side failed at which checkpoint —
 * or undefined when they observed the same. Used to tell whether a case
 * reproduces at all: on a backend whose kernel depends on memory layout or on
 * thread scheduling, it may not, and then a rerun that "lost" a divergence
 * proves nothing about the patch it ran with.
 */
export function outcomeDifference(a: CaseResult, b: CaseResult): string | undefined {
  if (a.verdict !== b.verdict) return `verdict ${a.verdict}, then ${b.verdict}`;
  const errors = (r: CaseResult) => r.errors.map((e) => `${e.side} side failed at ${e.checkpoint}`);
  const [ea, eb] = [errors(a), errors(b)];
  const error = ea.find((e) => !eb.includes(e)) ?? eb.find((e) => !ea.includes(e));
  if (error !== undefined) return `${error} in ${ea.includes(error) ? 'the first run only' : 'the second run only'}`;
  const [fa, fb] = [
    new Map(a.divergences.map((d) => [divergenceId(d), d])),
    new Map(b.divergences.map((d) => [divergenceId(d), d])),
  ];
  for (const [id, d] of fa) {
    const other = fb.get(id);
    if (!other) return `${where(d)} in the first run only`;
    if (fingerprint(d) !== fingerprint(other))
      return `${where(d)} with other values (greatest difference ${d.stats?.maxAbs ?? '?'}, then ${other.stats?.maxAbs ?? '?'})`;
  }
  for (const [id, d] of fb) if (!fa.has(id)) return `${where(d)} in the second run only`;
  return undefined;
}
