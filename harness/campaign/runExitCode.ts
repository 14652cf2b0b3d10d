import { exitCode } from '../triage/verdictPolicy';
import type { RunResult } from './RunResult';

/**
 * The exit code of a whole run: 2 when an input was refused (the run did
 * not check everything it was given, even if the rest ran), otherwise the
 * verdict policy's code for its cases (0, 1 or 3).
 */
export function runExitCode(result: Pick<RunResult, 'cases' | 'refused'>, strict = false): 0 | 1 | 2 | 3 {
  if ((result.refused ?? []).length > 0) return 2;
  return exitCode(result.cases, strict);
}
