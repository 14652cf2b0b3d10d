import type { RunResult } from '../engine/result';

/** The run result as stable, pretty JSON (the `--json` format). */
export function jsonReport(r: RunResult): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}
