import { reproduceCommand, type CaseResult, type CompareStats, type Divergence } from '../index';

export { reproduceCommand };

const fmt = (x: number) => (x === 0 || !Number.isFinite(x) ? String(x) : x.toExponential(3));
const at = (index: number[]) => `(${index.join(', ')})`;

/**
 * Whether a result counts as parity for the matchers: verdict `parity` on
 * an informative case, and nothing else. A known divergence is still a
 * divergence (tfjs behaves differently there, even if the CLI lets it pass),
 * an agreed error is both sides failing, a harness error, a backend
 * limitation, a timeout or a crash is a case that was not checked, and an
 * uninformative case agreed only on non-finite values. A divergence only
 * of kinds the check was told to allow (`allow: ['resources']`) passes: the
 * team chose that those do not fail.
 */
export function hasParity(r: CaseResult): boolean {
  return (
    (r.verdict === 'parity' || (r.verdict === 'divergence' && r.allowed !== undefined && r.knownCause === undefined)) &&
    !r.uninformative
  );
}

/** torch `assert_close`-style lines for a divergence's element statistics. */
function statsLines(s: CompareStats, tolerance: string): string[] {
  if (s.structural) return [`Structure differs: ${s.structural}`];
  const pct = ((100 * s.mismatched) / Math.max(1, s.total)).toFixed(1);
  const g = s.greatest ?? s.first;
  const lines = [`Mismatched elements: ${s.mismatched} / ${s.total} (${pct}%)`];
  lines.push(
    `Greatest absolute difference: ${fmt(s.maxAbs)}${g ? ` at index ${at(g.index)}` : ''} (tolerance ${tolerance})`,
  );
  if (g) lines.push(`  subclass:   ${g.subclass}`, `  functional: ${g.functional}`);
  lines.push(
    `Greatest relative difference: ${fmt(s.maxRel)} · ${s.maxUlp === Infinity ? 'NaN mismatch' : `${s.maxUlp} ULP`}`,
  );
  if (s.first && g && s.first.index.join() !== g.index.join())
    lines.push(
      `First mismatch at index ${at(s.first.index)}: subclass ${s.first.subclass}, functional ${s.first.functional}`,
    );
  return lines;
}

function divergenceLines(d: Divergence, tolerance: string): string[] {
  const head = `First divergence: ${d.kind} at checkpoint ${d.checkpoint}${d.key ? `, key ${d.key}` : ''}${d.backend ? ` (${d.backend} only)` : ''}${d.cause ? ` — known tfjs behaviour: ${d.cause}` : ''}`;
  const body = d.stats && !d.stats.equal ? statsLines(d.stats, tolerance) : [d.message];
  const fix = d.diagnosis ? [`Likely cause: ${d.diagnosis.title} (${d.diagnosis.entry}): ${d.diagnosis.fix}`] : [];
  return [head, ...body, ...fix];
}

/** Why a result is not parity, in one line. */
function why(r: CaseResult): string {
  switch (r.verdict) {
    case 'divergence':
      return r.knownCause
        ? `divergence, every one proven to come from known tfjs behaviour (${r.knownCauses!.join(', ')}): the sides still differ`
        : `divergence${r.signature ? ` (new finding, signature ${r.signature})` : ''}`;
    case 'agreed-error':
      return 'agreed-error: both sides rejected the model the same way, which is agreement on a failure, not parity';
    case 'parity':
      return `parity on non-finite values only (uninformative: ${r.uninformative})`;
    default:
      return `${r.verdict}: the case could not be checked`;
  }
}

/**
 * The failure message of `toHaveParity` (and `toMatchFunctional`): for a
 * result that is not parity, the verdict, the first divergence's kind,
 * checkpoint and key, its mismatched elements, the greatest difference and
 * where with both values, then the command that reruns the case; with
 * `.not`, for a result that agrees, what it agreed on.
 */
export function parityMessage(r: CaseResult, isNot: boolean): string[] {
  const name = `${r.twin ? 'layer' : r.source === 'pair' ? 'pair' : 'case'} '${r.name}'${r.file ? ` (${r.file})` : ''}`;
  const ran = `Ran on backend ${r.backend} · seed ${r.config.seed} · ${r.config.optimizer} × ${r.config.steps} steps · batch ${r.config.batchSize} · ${r.config.loss} · tolerance ${r.config.tolerance}`;
  const reproduce = `Reproduce: ${reproduceCommand(r)}`;
  if (isNot) {
    if (r.allowed)
      return [
        `Expected ${name} not to have parity, but it diverges only in kinds it was told to allow (${r.allowed.join(', ')}): ${r.divergences.length} divergences, none of another kind`,
        ran,
        reproduce,
      ];
    return [
      `Expected ${name} not to have parity, but both sides agree at every checkpoint (${r.checkpoints.join(', ')})`,
      ran,
      reproduce,
    ];
  }
  const lines = [`Expected ${name} to have parity, got ${why(r)}`];
  const d = r.divergences[0];
  if (d) lines.push(...divergenceLines(d, r.config.tolerance));
  if (r.divergences.length > 1)
    lines.push(
      `… and ${r.divergences.length - 1} more: ${r.divergences
        .slice(1, 4)
        .map((x) => `${x.kind} at ${x.checkpoint}${x.key ? ` (${x.key})` : ''}`)
        .join(', ')}${r.divergences.length > 4 ? ', …' : ''}`,
    );
  for (const e of r.errors.slice(0, 3)) lines.push(`Error (${e.side}) at ${e.checkpoint}: ${e.message.split('\n')[0]}`);
  if (r.limitation && r.verdict === 'backend-limitation')
    lines.push(
      `Backend ${r.limitation.backend} has no kernel ${r.limitation.kernel} (needed at ${r.limitation.checkpoint}); backend 'auto' reruns such cases on cpu`,
    );
  if (r.backendNote) lines.push(`Note: ${r.backendNote}`);
  if (r.twin) lines.push(`Note: ${r.twin.scope}`);
  lines.push(ran, reproduce);
  return lines;
}
