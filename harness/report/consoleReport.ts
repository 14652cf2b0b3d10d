import pc from 'picocolors';
import type { CaseResult, RunResult } from '../engine/result';

const MARK: Record<CaseResult['verdict'], (s: string) => string> = {
  parity: (s) => pc.green(s),
  divergence: (s) => pc.red(s),
  'agreed-error': (s) => pc.yellow(s),
  'harness-error': (s) => pc.magenta(s),
};

/** One case as console lines: verdict, name, then its first findings. */
export function formatCase(c: CaseResult, verbose = false): string {
  const head = `${MARK[c.verdict](c.verdict.padEnd(13))} ${c.name}${c.file ? pc.dim(` (${c.file})`) : ''} ${pc.dim(`${c.durationMs} ms, ${c.backend}`)}`;
  const lines = [head];
  const limit = verbose ? Infinity : 3;
  if (c.signature) lines.push(pc.dim(`    signature ${c.signature}${c.shrinkSteps !== undefined ? ` · shrunk in ${c.shrinkSteps} steps to ${c.spec?.layers.length} layers (from ${c.originalSpec?.layers.length})` : ''}`));
  if (c.replay && c.verdict !== 'parity') lines.push(pc.dim(`    replay: npx parity-check --replay ${c.replay}`));
  if (c.config && c.verdict !== 'parity') lines.push(pc.dim(`    config: ${c.config.optimizer} lr ${c.config.learningRate} × ${c.config.steps} steps, batch ${c.config.batchSize}, ${c.config.loss}`));
  if (c.backendNote) lines.push(pc.dim(`    note: ${c.backendNote}`));
  for (const n of c.notes ?? []) lines.push(pc.dim(`    note: ${n}`));
  if (c.predictedRejection && c.verdict === 'agreed-error') lines.push(pc.dim(`    predicted: ${c.predictedRejection}`));
  c.divergences.slice(0, limit).forEach((d) => lines.push(`    ${pc.red(d.kind)} at ${d.checkpoint}: ${d.message}`));
  if (c.divergences.length > limit) lines.push(pc.dim(`    … ${c.divergences.length - limit} more divergences (--verbose or --json for all)`));
  c.errors.slice(0, limit).forEach((e) => lines.push(`    ${pc.yellow(`error (${e.side})`)} at ${e.checkpoint}: ${e.message}`));
  if (verbose) c.errors.forEach((e) => e.stack && lines.push(pc.dim(e.stack.split('\n').slice(1, 6).join('\n'))));
  return lines.join('\n');
}

/** Findings and coverage of a fuzz campaign. */
function formatFuzz(r: RunResult, verbose: boolean): string[] {
  const f = r.fuzz;
  if (!f) return [];
  const lines = [`fuzz: ${f.runs} generated cases from seed ${f.seed}${f.mutant ? ` with mutant ${f.mutant}` : ''} — ${f.findings.length} distinct findings`];
  for (const x of f.findings) {
    lines.push(`  ${x.known ? pc.yellow('known') : pc.red('new  ')} ${x.signature} × ${x.count} · minimal model ${x.minimalLayers} layers (${x.shrinkSteps} shrink steps)${x.known ? pc.dim(` · ${x.known}`) : ''}`);
    lines.push(pc.dim(`        npx parity-check --replay ${x.replay}`));
  }
  const never = Object.entries(f.coverage).filter(([, n]) => n === 0).map(([k]) => k);
  const kinds = Object.keys(f.coverage).length;
  lines.push(`coverage: ${kinds - never.length} of ${kinds} layer kinds generated${never.length ? ` (never: ${never.join(', ')})` : ''}`);
  if (verbose) lines.push(...Object.entries(f.coverage).map(([k, n]) => pc.dim(`  ${k.padEnd(24)} ${n}`)));
  return lines;
}

/** The closing summary of a run. */
export function formatSummary(r: RunResult, verbose = false): string {
  const s = r.summary;
  const skipped = r.tfjs.skippedBackends.map((b) => `${b.backend}: ${b.reason}`).join('; ');
  return [
    ...formatFuzz(r, verbose),
    `${pc.bold('parity-check')}: ${s.cases} cases — ${pc.green(`${s.parity} parity`)}, ${pc.red(`${s.divergence} divergence`)}${s.knownDivergence ? pc.yellow(` (${s.knownDivergence} known)`) : ''}, ${pc.yellow(`${s.agreedError} agreed-error`)}, ${pc.magenta(`${s.harnessError} harness-error`)}`,
    `tfjs ${r.tfjs.version} on backend ${pc.bold(r.tfjs.backend)}${skipped ? pc.dim(` (skipped ${skipped})`) : ''} · seed ${r.config.seed} · ${r.config.optimizer} × ${r.config.steps} steps · tolerance ${r.config.tolerance} · ${r.durationMs} ms`,
  ].join('\n');
}
