import type { RunSummary } from '../engine/result';

/**
 * 1 if any case diverged (known findings excepted unless `strict`), else 3
 * if the harness failed on any case, else 0 (2 is bad input, before any run).
 */
export function exitCode(s: RunSummary, strict = false): 0 | 1 | 3 {
  if (s.divergence - (strict ? 0 : (s.knownDivergence ?? 0)) > 0) return 1;
  if (s.harnessError > 0) return 3;
  return 0;
}
