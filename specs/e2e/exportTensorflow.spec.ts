import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportCase, type CaseResult } from '../../harness';
import { checkpointRank } from '../../harness/checkpoints/checkpointOrder';
import { ROOT } from '../helpers';

/**
 * The exports that once were refused — parity-check's own layer class, a trainable schedule, a stateful RNN at a
 * fixed batch, what building leaves alive — made on `tensorflow` and run with plain tfjs-node, as a maintainer who
 * uses it would. Runs in the jest project `tensorflow` only (the scripts import @tensorflow/tfjs-node); on cpu,
 * specs/e2e/exportRegressions.spec.ts and exportPairs.spec.ts check the checked-in scripts.
 */
const CASES: [string, { spec: string } | { pair: string }][] = [
  ['add-loss-per-call', { spec: 'fixtures/regressions/add-loss-per-call.json' }],
  ['trainable-toggled-slots-by-position', { spec: 'fixtures/regressions/trainable-toggled-slots-by-position.json' }],
  ['stateful-gru-fixed-batch', { spec: 'fixtures/specs/stateful-gru-fixed-batch.json' }],
  ['18-call-without-tidy', { pair: 'fixtures/pairs/18-call-without-tidy.mjs' }],
  ['19-build-keeps-trace', { pair: 'fixtures/pairs/19-build-keeps-trace.mjs' }],
];
/** A loaded machine runs a script in a few seconds; this only keeps a hung one from hanging the suite. */
const SCRIPT_TIMEOUT_MS = 100_000;

/** The checkpoint of a case's first finding (a divergence, or a side's error), as the export targets it. */
function firstCheckpoint(r: CaseResult): string {
  const all = [...r.divergences.map((d) => d.checkpoint), ...r.errors.map((e) => e.checkpoint)];
  return all.sort((a, b) => checkpointRank(a) - checkpointRank(b))[0];
}

describe('on tensorflow, the exports once refused show their finding with plain tfjs-node', () => {
  it.each(CASES)('%s', async (name, source) => {
    const { script, result } = await exportCase(source, { backend: 'tensorflow' });
    expect(result.backend).toBe('tensorflow');
    expect(script).toContain("import * as tf from '@tensorflow/tfjs-node';");
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'reports', 'export-tensorflow-'));
    try {
      const file = join(dir, `${name}.mjs`);
      writeFileSync(file, script);
      const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS });
      if (r.error) throw r.error;
      expect(r.stdout).toContain('parity-check repro on tensorflow');
      expect(r.stdout).not.toMatch(/the script left \d+ tensors alive/);
      if (result.verdict === 'parity') {
        expect(r.stdout).toContain('No difference up to dispose: the behaviour is gone.');
        expect(r.status).toBe(0);
        return;
      }
      // The same checkpoint the harness names, and the values it printed there.
      const first = firstCheckpoint(result);
      expect(r.stdout).toContain(`FOUND at ${first}: the behaviour is present.`);
      expect(r.status).toBe(1);
      for (const d of result.divergences.filter((x) => x.checkpoint === first)) {
        const m = /first at (\([^)]*\)): subclass (\S+), functional (\S+)/.exec(d.message);
        if (m) expect(r.stdout).toContain(`first at ${m[1]}: subclass ${m[2]}, functional ${m[3]}`);
        const left = /left alive: subclass (\d+) tensors and \d+ variables, functional (\d+) tensors/.exec(d.message);
        if (left) expect(r.stdout).toContain(`left alive: subclass ${left[1]} tensors, functional ${left[2]} tensors`);
      }
      if (result.verdict === 'agreed-error') expect(r.stdout).toContain('both sides threw the same error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
