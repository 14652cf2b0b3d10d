import pc from 'picocolors';
import type { CaseResult, RunResult } from '../result';

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
  if (c.backendNote) lines.push(pc.dim(`    note: ${c.backendNote}`));
  if (c.predictedRejection && c.verdict === 'agreed-error') lines.push(pc.dim(`    predicted: ${c.predictedRejection}`));
  c.divergences.slice(0, limit).forEach((d) => lines.push(`    ${pc.red(d.kind)} at ${d.checkpoint}: ${d.message}`));
  if (c.divergences.length > limit) lines.push(pc.dim(`    … ${c.divergences.length - limit} more divergences (--verbose or --json for all)`));
  c.errors.slice(0, limit).forEach((e) => lines.push(`    ${pc.yellow(`error (${e.side})`)} at ${e.checkpoint}: ${e.message}`));
  if (verbose) c.errors.forEach((e) => e.stack && lines.push(pc.dim(e.stack.split('\n').slice(1, 6).join('\n'))));
  return lines.join('\n');
}

/** The closing summary of a run. */
export function formatSummary(r: RunResult): string {
  const s = r.summary;
  const skipped = r.tfjs.skippedBackends.map((b) => `${b.backend}: ${b.reason}`).join('; ');
  return [
    `${pc.bold('parity-check')}: ${s.cases} cases — ${pc.green(`${s.parity} parity`)}, ${pc.red(`${s.divergence} divergence`)}, ${pc.yellow(`${s.agreedError} agreed-error`)}, ${pc.magenta(`${s.harnessError} harness-error`)}`,
    `tfjs ${r.tfjs.version} on backend ${pc.bold(r.tfjs.backend)}${skipped ? pc.dim(` (skipped ${skipped})`) : ''} · seed ${r.config.seed} · ${r.config.optimizer} × ${r.config.steps} steps · tolerance ${r.config.tolerance} · ${r.durationMs} ms`,
  ].join('\n');
}
