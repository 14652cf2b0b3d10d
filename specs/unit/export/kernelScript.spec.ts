import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tensor4D } from '@tensorflow/tfjs';
import { kernelScript, recordKernels, selectBackend, tf, type KernelCall } from '../../../harness';
import { ROOT } from '../../helpers';

/** Whether tfjs-node's addon is built here (jest.config.js asks the same): then the script can run on tensorflow. */
function tensorflowBuilt(): boolean {
  try {
    const lib = join(dirname(require.resolve('@tensorflow/tfjs-node/package.json')), 'lib');
    return existsSync(lib) && readdirSync(lib).some((napi) => existsSync(join(lib, napi, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

/**
 * A real Conv2DBackpropInput: conv2dTranspose of one single-channel pixel
 * through a 2×2 single-channel filter (tfjs-core's own test case), traced
 * with its values on cpu.
 */
function conv2dBackpropInput(): KernelCall {
  const { result, kernels } = recordKernels(
    () =>
      tf.tidy(() => {
        const x = tf.tensor4d([2], [1, 1, 1, 1]);
        const filter = tf.tensor4d([3, 1, 5, 0], [2, 2, 1, 1]);
        return Array.from(tf.conv2dTranspose(x, filter as Tensor4D, [1, 2, 2, 1], 1, 'valid').dataSync());
      }),
    { values: true },
  );
  expect(result).toEqual([6, 2, 10, 0]); // cpu, and the arithmetic: 2 × [3, 1, 5, 0]
  const call = kernels.find((k) => k.kernel === 'Conv2DBackpropInput');
  expect(call).toBeDefined();
  return call!;
}

let dir = '';
beforeAll(async () => {
  await selectBackend('cpu');
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  // Inside the repository, so the script resolves this project's tfjs as a maintainer's checkout would.
  dir = mkdtempSync(join(ROOT, 'reports', 'kernel-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, name: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, name);
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 100_000,
    env: { ...process.env, ...env },
  });
  if (r.error) throw r.error;
  return r;
}

describe('kernelScript', () => {
  it('imports only tfjs (tfjs-node when a backend is tensorflow) and embeds the inputs exactly', () => {
    const call = conv2dBackpropInput();
    const cpuOnly = kernelScript(call, ['cpu', 'cpu']);
    expect(cpuOnly).toMatch(/^import \* as tf from '@tensorflow\/tfjs';$/m);
    expect(cpuOnly.match(/^import .*/gm)).toHaveLength(1);
    const native = kernelScript(call, ['tensorflow', 'cpu']);
    expect(native).toMatch(/^import \* as tf from '@tensorflow\/tfjs-node';$/m);
    expect(native).toContain('const KERNEL = "Conv2DBackpropInput";');
    expect(native).toContain(`"data":"${Buffer.from(new Float32Array([3, 1, 5, 0]).buffer).toString('base64')}"`);
    expect(native).toContain('|a - b| <= 0.00001 + 0.0001·|b|');
  });

  it('exits 0 when the two backends agree (the same kernel twice)', () => {
    const r = run(kernelScript(conv2dBackpropInput(), ['cpu', 'cpu']), 'same.mjs');
    expect(r.stdout).toContain('output 0 [1,2,2,1]: equal');
    expect(r.stdout).toContain('The backends agree.');
    expect(r.status).toBe(0);
  });

  it('a traced call without values is refused in one line', () => {
    const { kernels } = recordKernels(() => tf.tidy(() => tf.add(tf.ones([2]), tf.ones([2]))).dispose());
    expect(() => kernelScript(kernels[kernels.length - 1], ['tensorflow', 'cpu'])).toThrow(
      /kernel \d+ \(\w+\) was traced without its values: record it with recordKernels\(run, \{ values: true \}\)/,
    );
  });

  // TensorFlow 2.21's oneDNN computes single-channel Conv2DBackpropInput wrongly (issue 17): [6, 0, 0, 0].
  it('single-channel Conv2DBackpropInput: tensorflow (oneDNN on, as users get it) differs from cpu; oneDNN off agrees', () => {
    const script = kernelScript(conv2dBackpropInput(), ['tensorflow', 'cpu']);
    const onednn = run(script, 'conv-onednn.mjs');
    if (!tensorflowBuilt()) {
      // No native backend here: the script says so and fails, it never claims agreement.
      expect(onednn.status).not.toBe(0);
      expect(onednn.stderr).toMatch(/tfjs-node|tensorflow/);
      return;
    }
    expect(onednn.stdout).toContain('    tensorflow: [6, 0, 0, 0]\n    cpu: [6, 2, 10, 0]');
    expect(onednn.stdout).toContain('first at (0, 0, 1, 0): tensorflow 0, cpu 2');
    expect(onednn.status).toBe(1);
    const off = run(script, 'conv-no-onednn.mjs', { TF_ENABLE_ONEDNN_OPTS: '0' });
    expect(off.stdout).toContain('    tensorflow: [6, 2, 10, 0]\n    cpu: [6, 2, 10, 0]');
    expect(off.status).toBe(0);
  });
});
