import { writeFileSync } from 'node:fs';
import { ParityError, printTwin, resolveBackend, selectBackend } from '../index';

/**
 * `parity-check --layer FILE --print-twin OUT`: writes the functional twin
 * derived for one layer module as a pair module, and exits (0, or 2 when
 * the twin cannot be derived).
 */
export async function printTwinCommand(layerFiles: string[], out: string, backend: string): Promise<number> {
  if (layerFiles.length !== 1)
    throw new ParityError(
      `--print-twin writes the twin of one layer module: give exactly one --layer (got ${layerFiles.length})`,
    );
  // The twin is traced on the backend the cases would run on (the kernels it records are that backend's).
  await selectBackend(resolveBackend(backend));
  writeFileSync(out, await printTwin(layerFiles[0], out));
  console.log(
    `parity-check: wrote the derived twin of ${layerFiles[0]} as a pair module: ${out} (run it: npx parity-check --pair ${out})`,
  );
  return 0;
}
