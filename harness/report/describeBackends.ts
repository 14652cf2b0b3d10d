import type { CaseResult, RanConfig } from '../engine/CaseResult';

/** `across backends cpu, tensorflow (reference cpu) within atol:1e-4,rtol:1e-3`, or '' when a run used one backend. */
export function describeBackends(c: Pick<RanConfig, 'backends' | 'backendTolerance'>): string {
  if (!c.backends) return '';
  return `across backends ${c.backends.join(', ')} (reference ${c.backends[0]}) within ${c.backendTolerance}`;
}

/** One line on where a case's cross-backend divergence comes from: the kernel replayed on identical inputs, or rounding. */
export function describeIsolation(c: CaseResult): string | undefined {
  const f = c.kernelFinding;
  if (f)
    return `kernel ${f.call.kernel} differs on identical inputs (${f.backends.join(' vs ')}, tolerance ${f.tolerance})${f.cause ? ` — ${f.cause}: ${f.evidence}` : ''}`;
  return c.crossBackend?.isolation?.message;
}
