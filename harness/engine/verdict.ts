import type { CaseError, Divergence } from '../compare/Divergence';

/** A case's outcome. */
export type Verdict = 'parity' | 'divergence' | 'agreed-error' | 'harness-error';

/**
 * Divergences decide first (they are findings even if a later checkpoint
 * failed); then a rejection both sides agreed on; then the harness's own
 * failures; otherwise parity.
 */
export function verdictOf(divergences: Divergence[], errors: CaseError[]): Verdict {
  if (divergences.length > 0) return 'divergence';
  if (errors.some((e) => e.side === 'both')) return 'agreed-error';
  if (errors.some((e) => e.side === 'harness')) return 'harness-error';
  return 'parity';
}
