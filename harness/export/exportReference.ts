import { checkReplay, checkSpec, type CheckOneOptions } from '../campaign/checkPair';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseResult } from '../engine/CaseResult';
import { UsageError } from '../errors';
import { requireReference } from '../reference/requireReference';
import { preservingState } from '../runtime/preservingState';
import { selectBackend, type BackendName } from '../runtime/selectBackend';
import { caseIn, type ExportSource } from './exportCase';
import { kerasValues } from './kerasValues';
import { referenceFinding } from './referenceFinding';
import { referenceScript, type ReferenceScripts } from './referenceScript';

/** A reference case exported: its two scripts and the case they were made from. */
export interface ExportedReference extends ReferenceScripts {
  result: CaseResult;
}

/**
 * Exports a `--reference keras` finding (see {@link referenceScript}): a
 * spec or replay token is run with `reference: 'keras'` (and `options`), a
 * result file's case is taken as recorded (it must come from a reference
 * run); then Keras 3's value at the first tfjs-vs-Keras finding is
 * computed again by the Keras reference process and embedded. `jsFile` is
 * the file name the tfjs script will have (its Python twin is named after
 * it: `F.mjs` → `F.keras.py`). Without Python and Keras it throws a
 * {@link UsageError} saying what to install (the CLI's exit 2). The
 * backend, `Math.random` and the tensor count are as they were when it
 * returns.
 */
export async function exportReference(
  source: ExportSource,
  options: CheckOneOptions = {},
  jsFile = 'repro.mjs',
): Promise<ExportedReference> {
  if ('pair' in source)
    throw new UsageError(`${source.pair}: a pair module has no spec to translate to Keras; nothing to export`);
  const problem = requireReference('keras');
  if (problem) throw new UsageError(`export --reference keras: ${problem}`);
  const withKeras = { ...options, reference: 'keras' as const };
  const result =
    'spec' in source
      ? await checkSpec(source.spec, withKeras)
      : 'replay' in source
        ? await checkReplay(source.replay, withKeras)
        : caseIn(source.result, source.case);
  const finding = referenceFinding(result);
  return preservingState(async () => {
    await selectBackend(result.backend as BackendName);
    // A recorded config (RanConfig) states its optimizer, loss and tolerance as strings; the case ran with these, and
    // the reference reads only seed, batch, loss, optimizer (options) and steps from it, which mean the same in both.
    const values = await kerasValues(result.name, result.spec!, result.config as unknown as CaseConfig, finding.value);
    return { ...referenceScript(result, finding, values, jsFile), result };
  });
}

/** The Python twin's file beside a reference script: `F.mjs` → `F.keras.py`. */
export function kerasScriptFile(jsFile: string): string {
  return `${jsFile.replace(/\.m?js$/, '')}.keras.py`;
}
