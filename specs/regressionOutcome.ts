import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult } from '../harness';
import { ROOT } from './helpers';

/**
 * What a regression fixture records of one run on one backend
 * (`expect.perBackend.<backend>`) or across a pair (`expect.perPair["a~b"]`):
 * measured on cpu, wasm and tensorflow and kept as data in the fixture, so
 * the suites that replay it assert on each backend they run that the
 * behaviour shows (or does not) where the README's "shows on" column says.
 */
export interface RecordedOutcome {
  verdict: string;
  /** Where the first divergence (or else the first error) happened. */
  firstCheckpoint?: string;
  signature?: string;
  /** The known cause proven on the case (absent when none was proven there). */
  knownCause?: string;
  /** `backend-limitation`: the kernel the backend lacks. */
  missingKernel?: string;
}

/** The recorded form of a result, with absent fields left out (so `toEqual` compares like with like). */
export function outcomeOf(r: CaseResult): RecordedOutcome {
  const firstCheckpoint = r.divergences[0]?.checkpoint ?? r.errors[0]?.checkpoint;
  const missingKernel = r.verdict === 'backend-limitation' ? r.limitation?.kernel : undefined;
  return {
    verdict: r.verdict,
    ...(firstCheckpoint !== undefined && { firstCheckpoint }),
    ...(r.signature !== undefined && { signature: r.signature }),
    ...(r.knownCause !== undefined && { knownCause: r.knownCause }),
    ...(missingKernel !== undefined && { missingKernel }),
  };
}

/** A regression fixture with a spec, read from `fixtures/regressions/<folder>`. */
export interface SpecFixture {
  file: string;
  entry: { spec: unknown; expect: { perBackend?: Record<string, RecordedOutcome> } & Record<string, unknown> };
}

/** The fixtures of `fixtures/regressions/<folder>` ('' for the top level) that hold a spec (kernel fixtures hold a call). */
export function specFixtures(folder: string): SpecFixture[] {
  const dir = join(ROOT, 'fixtures', 'regressions', folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: join(folder, f),
      entry: JSON.parse(readFileSync(join(dir, f), 'utf8')) as SpecFixture['entry'],
    }))
    .filter((f) => f.entry.spec !== undefined);
}
