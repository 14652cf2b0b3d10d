import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import {
  checkCase,
  isolateKernel,
  kernelCases,
  parseTolerance,
  resolveCaseConfig,
  selectBackend,
  tf,
  validateSpec,
  type KernelCall,
} from '../../../harness';

/** A small dense model: cheap on every backend. */
const spec = validateSpec(
  {
    version: 1,
    name: 'dense-relu',
    inputs: [{ id: 'x', shape: [5] }],
    layers: [
      { id: 'd', kind: 'dense', config: { units: 4, activation: 'relu' } },
      { id: 'o', kind: 'dense', config: { units: 2 } },
    ],
    nodes: [
      { id: 'h', layer: 'd', inputs: ['x'] },
      { id: 'y', layer: 'o', inputs: ['h'] },
    ],
    outputs: ['y'],
  },
  'dense-relu',
);

/**
 * Runs `run` with wasm's Relu replaced by a wrong one (every output halved):
 * one wrong kernel on one backend, which cross-backend isolation must name.
 */
async function withWrongWasmRelu<T>(run: () => Promise<T>): Promise<T> {
  const own = tf.getKernel('Relu', 'wasm')!;
  const wrong: KernelConfig = {
    kernelName: 'Relu',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const out = own.kernelFunc(args) as TensorInfo;
      const b = args.backend as unknown as {
        readSync(id: unknown): Float32Array;
        write(v: Float32Array, s: number[], d: string): object;
        disposeData(id: unknown): void;
      };
      const halved = b.readSync(out.dataId).map((v) => v / 2);
      b.disposeData(out.dataId);
      return { dataId: b.write(halved, out.shape, out.dtype), shape: out.shape, dtype: out.dtype };
    },
  };
  tf.unregisterKernel('Relu', 'wasm');
  tf.registerKernel(wrong);
  try {
    return await run();
  } finally {
    tf.unregisterKernel('Relu', 'wasm');
    tf.registerKernel(own);
  }
}

describe('--backends', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await selectBackend('cpu');
  });

  it('validates the list and states the default tolerance in the config a case records', () => {
    expect(() => resolveCaseConfig({ backends: 'cpu' })).toThrow(/two or more different backends/);
    expect(() => resolveCaseConfig({ backends: 'cpu,cpu' })).toThrow(/two or more different backends/);
    expect(() => resolveCaseConfig({ backends: 'cpu,gpu' })).toThrow(/unknown backend in --backends 'gpu'/);
    expect(() => resolveCaseConfig({ backendTolerance: 'ulp:4' })).toThrow(/needs --backends/);
    const c = resolveCaseConfig({ backends: 'cpu,wasm' });
    expect(c.backends).toEqual({ names: ['cpu', 'wasm'], tolerance: parseTolerance('atol:1e-4,rtol:1e-3') });
  });

  it('compares each side across backends within the tolerance, leaves the tensor count as it was, and records it', async () => {
    const before = tf.memory().numTensors;
    const config = resolveCaseConfig({ backends: ['cpu', 'wasm'], steps: 1, reload: false });
    const r = await checkCase({ kind: 'spec', name: spec.name, spec }, config, 'cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(r.verdict).toBe('parity');
    expect(r.config).toMatchObject({ backends: ['cpu', 'wasm'], backendTolerance: 'atol:0.0001,rtol:0.001' });
    expect(r.crossBackend!.runs.map((x) => [x.backend, x.verdict])).toEqual([
      ['cpu', 'parity'],
      ['wasm', 'parity'],
    ]);
    // Every value both runs compared between the sides, on each side: outputs, activations, loss, gradients, weights, fit.
    const sub = r.crossBackend!.pairs.find((p) => p.side === 'subclass')!;
    expect(sub.compared).toBeGreaterThan(15);
    expect(sub.differing).toBe(0);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('names the one wrong kernel, replayed on identical inputs, with both outputs and a signature naming the pair and kernel', async () => {
    const config = resolveCaseConfig({ backends: 'cpu,wasm', steps: 1, reload: false, fit: false });
    const r = await withWrongWasmRelu(() => checkCase({ kind: 'spec', name: spec.name, spec }, config, 'cpu'));
    expect(r.verdict).toBe('divergence');
    expect(r.knownCause).toBeUndefined();
    const first = r.divergences[0];
    expect(first.backend).toBe('cpu~wasm');
    expect(r.kernelFinding).toMatchObject({ backends: ['cpu', 'wasm'], checkpoint: first.checkpoint });
    expect(r.kernelFinding!.call.kernel).toBe('Relu');
    const [cpu, wasm] = [
      r.kernelFinding!.outputs.cpu[0].values as number[],
      r.kernelFinding!.outputs.wasm[0].values as number[],
    ];
    expect(wasm).toEqual(cpu.map((v) => Math.fround(v / 2)));
    expect(r.signature).toMatch(/\|cpu~wasm\|Relu$/);
    expect(r.crossBackend!.isolation!.kind).toBe('kernel');
  });

  it('calls a difference that no kernel shows on identical inputs accumulated rounding, and blames no kernel', async () => {
    await selectBackend('cpu');
    const x = { id: 1, dtype: 'float32' as const, shape: [2], values: [1, 2] };
    const y = { id: 2, dtype: 'float32' as const, shape: [2], values: [3, 4] };
    const call = (out: number[]): KernelCall => ({
      index: 0,
      kernel: 'Add',
      inputs: { a: x, b: y },
      attrs: {},
      outputs: [{ id: 3, dtype: 'float32', shape: [2], values: out }],
    });
    // The traced outputs differ (as carried rounding would make them); the kernel itself agrees.
    const iso = await isolateKernel(
      { backend: 'cpu', kernels: [call([4, 6])] },
      { backend: 'wasm', kernels: [call([4.5, 6])] },
      parseTolerance('ulp:0'),
    );
    expect(iso.kind).toBe('rounding');
    expect(iso.finding).toBeUndefined();
    expect(iso.message).toMatch(/accumulated rounding: 1 of 1 kernels/);
  });

  it('--kernels finds a wrong kernel from generated inputs alone', async () => {
    const before = tf.memory().numTensors;
    const cases = await withWrongWasmRelu(() =>
      kernelCases({ backends: ['cpu', 'wasm'], tolerance: parseTolerance('atol:1e-4,rtol:1e-3'), seed: 1, runs: 2 }),
    );
    expect(tf.memory().numTensors).toBe(before);
    const relu = cases.filter((c) => c.name.startsWith('kernel Relu float32'));
    expect(relu.length).toBe(2);
    // A draw with no positive element cannot show a halved relu; at least one of the two does.
    expect(relu.some((c) => c.verdict === 'divergence' && c.kernelFinding?.call.kernel === 'Relu')).toBe(true);
    // Only the Relu cases blame Relu (wasm's own differences elsewhere, Ceil on int32 say, are its own findings).
    expect(
      cases
        .filter((c) => c.kernelFinding?.call.kernel === 'Relu' && !c.name.startsWith('kernel Relu '))
        .map((c) => c.name),
    ).toEqual([]);
  });

  it('a side that throws on one backend only is a divergence between them, never an agreed error', async () => {
    const own = tf.getKernel('Relu', 'wasm')!;
    tf.unregisterKernel('Relu', 'wasm');
    tf.registerKernel({
      kernelName: 'Relu',
      backendName: 'wasm',
      kernelFunc: () => {
        throw new Error('Relu refuses');
      },
    });
    try {
      const config = resolveCaseConfig({ backends: 'cpu,wasm', steps: 1, reload: false, fit: false });
      const r = await checkCase({ kind: 'spec', name: spec.name, spec }, config, 'cpu');
      expect(r.verdict).toBe('divergence');
      const d = r.divergences.find((x) => x.kind === 'error' && x.backend === 'cpu~wasm');
      expect(d?.message).toMatch(
        /the backends disagree on what throws: on wasm: both at .*Relu refuses \| cpu threw nothing/,
      );
    } finally {
      tf.unregisterKernel('Relu', 'wasm');
      tf.registerKernel(own);
    }
  });
});
