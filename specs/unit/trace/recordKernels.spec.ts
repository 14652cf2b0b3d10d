import { tf } from '../../../harness/runtime/tf';
import { recordKernels, replayKernel } from '../../../harness/trace/recordKernels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('recordKernels', () => {
  it('records the outermost kernels of a computation in order, with attributes, and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const { result, kernels } = recordKernels(() => tf.tidy(() => tf.relu(tf.matMul(x, x, false, true)).sum()), {
      values: true,
    });
    expect(kernels.map((k) => k.kernel)).toEqual(['BatchMatMul', 'Relu', 'Sum']);
    expect(kernels[0].attrs).toMatchObject({ transposeA: false, transposeB: true });
    expect(kernels[1].inputs.x.id).toBe(kernels[0].outputs[0].id);
    expect(Array.from(kernels[0].outputs[0].values as number[])).toEqual([5, 11, 11, 25]);
    expect(result.dataSync()[0]).toBe(52);
    result.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('replays a recorded kernel on identical inputs and gives the recorded outputs', () => {
    const x = tf.tensor1d([-1.5, 0.5, 2.5]);
    const { result, kernels } = recordKernels(() => tf.round(x), { values: true });
    const [again] = replayKernel(kernels[0]);
    expect(Array.from(again.dataSync())).toEqual(Array.from(kernels[0].outputs[0].values as number[]));
    tf.dispose([x, result, again]);
  });

  it('removes its wrapper when the computation throws', () => {
    const engine = tf.engine() as unknown as { runKernel: unknown };
    const original = engine.runKernel;
    expect(() =>
      recordKernels(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(engine.runKernel).toBe(original);
  });

  it('refuses to replay a kernel traced without values, naming it', () => {
    const x = tf.scalar(2);
    const { result, kernels } = recordKernels(() => tf.square(x));
    expect(() => replayKernel(kernels[0])).toThrow(/kernel 0 \(Square\) was traced without its input values/);
    tf.dispose([x, result]);
  });
});
