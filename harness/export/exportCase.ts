import { kernelScript } from './kernelScript';
import { checkReplay, checkSpec, type CheckOneOptions } from '../campaign/checkPair';
import { readResultFile } from '../campaign/mergeResults';
import type { CaseResult } from '../engine/CaseResult';
import { UsageError } from '../errors';
import { preservingState } from '../runtime/preservingState';
import { selectBackend, type BackendName } from '../runtime/selectBackend';
import { caseScript } from './caseScript';
import { exportPair } from './exportPair';

/** What to export: exactly one source. */
export type ExportSource =
  { spec: string | object } | { pair: string } | { replay: string } | { result: string; case: string | number };

/** An exported case: the script, and the case it was made from. */
export interface ExportedCase {
  script: string;
  result: CaseResult;
}

/** The case of a result file named by its name or its index (`index` field, else its position). */
export function caseIn(file: string, which: string | number): CaseResult {
  const cases = readResultFile(file).cases;
  const asIndex = typeof which === 'number' ? which : /^\d+$/.test(which) ? Number(which) : undefined;
  const found =
    asIndex !== undefined
      ? (cases.find((c) => c.index === asIndex) ?? cases[asIndex])
      : cases.find((c) => c.name === which);
  if (!found)
    throw new UsageError(
      `${file}: no case ${typeof which === 'number' ? `at index ${which}` : `'${which}'`} (it has ${cases.length}: ${cases
        .slice(0, 5)
        .map((c) => c.name)
        .join(', ')}${cases.length > 5 ? ', …' : ''})`,
    );
  return found;
}

/**
 * Exports one case as a standalone script (see {@link caseScript}): a spec
 * (file or object) or a replay token is run first, as `npx parity-check
 * --spec`/`--replay` runs it, with `options`; a pair module file likewise
 * as `--pair` runs it (see {@link exportPair}); a result file's case is taken
 * as it was recorded, its data recomputed on the backend it ran on. Bad
 * input throws a {@link UsageError} (one line naming the file and what is
 * wrong). The backend, `Math.random` and the tensor count are as they were
 * when it returns.
 *
 * Lives above `campaign/` (it runs a case the way `check()` does, like the
 * CLI) and below `cli/`: the script generator itself needs only
 * `architecture/`, `construct/` and `runtime/`.
 */
export async function exportCase(source: ExportSource, options: CheckOneOptions = {}): Promise<ExportedCase> {
  if ('pair' in source) return exportPair(source.pair, options);
  const result =
    'spec' in source
      ? await checkSpec(source.spec, options)
      : 'replay' in source
        ? await checkReplay(source.replay, options)
        : caseIn(source.result, source.case);
  // A finding between backends is one kernel's: its script runs that kernel on both backends (issue "backends").
  const kernel = result.kernelFinding;
  if (kernel) return { script: kernelScript(kernel.call, kernel.backends), result };
  return preservingState(async () => {
    await selectBackend(result.backend as BackendName);
    return { script: caseScript(result), result };
  });
}
