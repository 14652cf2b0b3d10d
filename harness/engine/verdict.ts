import type { CaseError, Divergence } from '../compare/Divergence';

/**
 * A case's outcome. `timeout` and `crashed` come from running the case in a
 * worker: it did not finish in time, or its worker died (an asynchronous
 * throw, an unhandled rejection, `process.exit`, memory exhausted).
 */
export type Verdict =
  'parity' | 'divergence' | 'agreed-error' | 'backend-limitation' | 'harness-error' | 'timeout' | 'crashed';

/** Every verdict, in the order reports list them. */
export const VERDICTS: readonly Verdict[] = [
  'parity',
  'divergence',
  'agreed-error',
  'backend-limitation',
  'harness-error',
  'timeout',
  'crashed',
];

/**
 * Divergences decide first (they are findings even if a later checkpoint
 * failed); then the harness's own failures (a case it could not run says
 * nothing about agreement); then a kernel the backend lacks (the case could
 * not be checked here); then a rejection both sides agreed on; otherwise
 * parity.
 */
export function verdictOf(divergences: Divergence[], errors: CaseError[], limited: boolean): Verdict {
  if (divergences.length > 0) return 'divergence';
  if (errors.some((e) => e.side === 'harness')) return 'harness-error';
  if (limited) return 'backend-limitation';
  if (errors.some((e) => e.side === 'both')) return 'agreed-error';
  return 'parity';
}
