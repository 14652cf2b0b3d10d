import type { RunResult } from '../campaign/RunResult';

/**
 * The run result as stable, pretty JSON (the `--json` format). Each case's
 * `facts` (what triage checked causes against) stay out: they are the
 * evidence behind `cause`, not part of the result.
 */
export function jsonReport(r: RunResult): string {
  return (
    JSON.stringify(
      r,
      (k: string, v: unknown) =>
        k === 'facts' ? undefined : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      2,
    ) + '\n'
  );
}
