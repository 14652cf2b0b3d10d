import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A divergence recorded in fixtures/regressions: a real tfjs behaviour, not news. */
export interface KnownFinding {
  signature: string;
  file: string;
  cause: string;
}

/**
 * Reads the signatures of recorded regressions (their `expect.signatures`).
 * A fuzz finding with one of these signatures is reported as known, so a
 * run fails only on what is new (`--strict` fails on known ones too).
 */
export function knownFindings(dir: string): KnownFinding[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const entry = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return ((entry.expect?.signatures as string[] | undefined) ?? []).map((signature) => ({ signature, file: join(dir, f), cause: String(entry.cause ?? '') }));
    });
}
