import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import { selectBackend, tf, validateSpec } from '../../../harness';
import { knownCauseOf } from '../../../harness/compare/knownCauses';
import { ROOT, runSpec } from '../../helpers';

// Findings of the wasm backend alone: the regression suite (engine.spec) replays on cpu, where these agree.
const dir = join(ROOT, 'fixtures', 'regressions', 'wasm');

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('regressions found in tfjs-backend-wasm', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))('%s replays on wasm with its recorded finding', async (file) => {
    const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(entry.expect.backend).toBe('wasm');
    const r = await runSpec(validateSpec(entry.spec, file));
    expect(r.backend).toBe('wasm');
    expect(r.verdict).toBe(entry.expect.verdict);
    expect(r.divergences[0]).toMatchObject({ kind: entry.expect.firstKind, checkpoint: entry.expect.firstCheckpoint });
    expect(knownCauseOf(r)?.id).toBe(entry.expect.cause);
  });

  it('conv3dTranspose gives other outputs for equal kernels held at other addresses', () => {
    const x = tf.randomNormal([6, 2, 2, 1, 1], 0, 1, 'float32', 3);
    const values = tf.randomNormal([2, 2, 2, 6, 1], 0, 1, 'float32', 4);
    // Equal kernels, one per allocation: the op must not care which it is given.
    const kernels = [0, 1, 2, 3].map(() => values.clone());
    const outs = kernels.map((k) => tf.conv3dTranspose(x as any, k as any, [6, 3, 3, 2, 6], 1, 'valid') as Tensor);
    const flat = outs.map((o) => Array.from(o.dataSync()).join());
    expect(new Set(flat).size).toBeGreaterThan(1);
    tf.dispose([x, values, ...kernels, ...outs]);
  });
});
