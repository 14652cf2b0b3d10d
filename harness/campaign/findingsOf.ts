import type { CaseResult } from '../engine/CaseResult';
import { KNOWN_CAUSES } from '../triage/causes';
import { labelOf } from './runGenerated';
import type { Finding } from './RunResult';

/** "cause: summary (fixture); …" for a finding's known causes. */
function describeKnown(ids: string): string {
  return ids
    .split('+')
    .map((id) => KNOWN_CAUSES.find((k) => k.id === id))
    .filter((k) => k !== undefined)
    .map((k) => `${k.id}: ${k.summary} (${k.fixture})`)
    .join('; ');
}

/**
 * The first case of each label (signature and explanation), in index
 * order: the one a campaign shrinks. The same in a run, a shard and a merge.
 */
export function firstOfEachLabel(cases: CaseResult[]): Map<string, CaseResult> {
  const first = new Map<string, CaseResult>();
  for (const c of [...cases].sort((a, b) => (a.index ?? 0) - (b.index ?? 0))) {
    const label = labelOf(c);
    if (label && !first.has(label)) first.set(label, c);
  }
  return first;
}

/**
 * A campaign's generated cases grouped into findings — one per label, with
 * its count, its cases in index order and its first case's minimal form —
 * as a pure function of the cases, so a merge of shards finds what the
 * whole run would.
 */
export function findingsOf(cases: CaseResult[]): Finding[] {
  const sorted = [...cases].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const findings = new Map<string, Finding>();
  for (const c of sorted) {
    const label = labelOf(c);
    if (!label) continue;
    const seen = findings.get(label);
    if (seen) {
      seen.count++;
      seen.cases.push(c.name);
      continue;
    }
    const layers = c.spec?.layers.length ?? 0;
    findings.set(label, {
      signature: c.signature!,
      knownCause: c.knownCause,
      count: 1,
      cases: [c.name],
      replay: c.shrunk?.replay ?? c.replay!,
      minimalLayers: c.shrunk?.spec.layers.length ?? layers,
      originalLayers: layers,
      shrinkSteps: c.shrunk?.steps ?? 0,
      shrinkCandidates: c.shrunk?.candidates ?? 0,
      shrinkCandidatesToLayers: c.shrunk?.candidatesToLayers ?? 0,
      known: c.knownCause ? describeKnown(c.knownCause) : undefined,
    });
  }
  return [...findings.values()];
}
