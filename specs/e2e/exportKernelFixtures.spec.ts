import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCase, kernelScript, type KernelCall } from '../../harness';
import { ROOT } from '../helpers';

/**
 * The findings between backends (fixtures/regressions/tensorflow/) export as kernel scripts: the kernel the
 * case isolated, run on both backends with the same inputs. Runs in the jest project `tensorflow` only (the
 * scripts import @tensorflow/tfjs-node, and the case fixtures must run on it to isolate their kernel).
 */
const DIR = join(ROOT, 'fixtures', 'regressions', 'tensorflow');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
/** A loaded machine runs a script in a few seconds; this only keeps a hung one from hanging the suite. */
const SCRIPT_TIMEOUT_MS = 100_000;

interface KernelFixture {
  expect: { backends: [string, string]; kernel: string };
  call?: KernelCall;
}

describe('every finding between backends has its kernel script beside it', () => {
  it.each(fixtures)('%s: the checked-in script is what export makes now, and it shows the kernel', async (f) => {
    const file = join(DIR, f);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as KernelFixture;
    let script: string;
    if (entry.call) script = kernelScript(entry.call, entry.expect.backends);
    else {
      const exported = await exportCase({ spec: file }, { backends: entry.expect.backends });
      expect(exported.result.kernelFinding?.call.kernel).toBe(entry.expect.kernel);
      script = exported.script;
    }
    const checkedIn = file.replace(/\.json$/, '.repro.mjs');
    // Regenerate with `npm run build && node tools/exportRegressions.js`.
    expect(readFileSync(checkedIn, 'utf8')).toBe(script);
    expect(script).toContain(entry.expect.kernel);
    const r = spawnSync(process.execPath, [checkedIn], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS });
    if (r.error) throw r.error;
    expect(r.status).toBe(1);
  });
});
