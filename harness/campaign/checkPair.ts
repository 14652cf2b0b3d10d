import type { PairModule } from '../construct/PairModule';
import type { CaseResult } from '../engine/CaseResult';
import type { CaseOptions } from '../engine/resolveConfig';
import { preservingState } from '../runtime/preservingState';
import { check, type CheckOptions } from './check';

/** Options of one case run from a user's code: the CLI's case flags, plus how to run it. */
export interface CheckOneOptions extends CaseOptions {
  /** `auto` (the default, as the CLI's) tries tensorflow, then wasm, then cpu. */
  backend?: string;
  /**
   * Worker threads (default 0: in this process). A pair module *file* then
   * runs in a worker with a time limit, exactly as the CLI runs `--pair`; a
   * pair given as an object always runs in this process.
   */
  workers?: number;
  /** A case's time limit when it runs in a worker (default 120 s). */
  caseTimeoutMs?: number;
}

/** The one case of a run of one input (a refused input has already thrown). */
function onlyCase(r: { cases: CaseResult[] }): CaseResult {
  return r.cases[0];
}

function runOptions(o: CheckOneOptions): CheckOptions {
  const { workers, caseTimeoutMs, ...rest } = o;
  return { ...rest, workers: workers ?? 0, caseTimeoutMs };
}

/**
 * Checks one pair — a pair object (the shape of a pair module's default
 * export) or the path of a pair module file — and returns its judged
 * result. It is the CLI's `--pair` path: the same pre-flight, the same
 * case, the same triage (known causes proven on the case), so verdict,
 * signature and causes are the CLI's for the same pair and options.
 * Divergences do not throw; bad input does (a {@link ParityError}, one line
 * naming the file or the pair). The backend, `Math.random`, tfjs's flags
 * and hooks and the process listeners are as they were when it returns or
 * throws, and the tensor count is where it was.
 */
export async function checkPair(pair: PairModule | string, options: CheckOneOptions = {}): Promise<CaseResult> {
  return preservingState(async () =>
    onlyCase(
      await check({
        ...runOptions(options),
        ...(typeof pair === 'string' ? { pairFiles: [pair] } : { pairs: [pair] }),
      }),
    ),
  );
}

/**
 * Checks one spec — a spec object or the path of a spec file (or a
 * regression fixture) — as `npx parity-check --spec` does; see
 * {@link checkPair} for what it returns, throws and leaves as it was.
 */
export async function checkSpec(spec: unknown, options: CheckOneOptions = {}): Promise<CaseResult> {
  return preservingState(async () =>
    onlyCase(
      await check({
        ...runOptions(options),
        ...(typeof spec === 'string' ? { specFiles: [spec] } : { specs: [{ spec }] }),
      }),
    ),
  );
}

/**
 * Reruns one generated case from its replay token, as
 * `npx parity-check --replay` does (the token's options, `options` on top);
 * see {@link checkPair} for what it returns, throws and leaves as it was.
 */
export async function checkReplay(token: string, options: CheckOneOptions = {}): Promise<CaseResult> {
  return preservingState(async () => onlyCase(await check({ ...runOptions(options), replay: token })));
}
