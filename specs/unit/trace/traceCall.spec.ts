import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../../harness/runtime/tf';
import { traceCall } from '../../../harness/trace/traceCall';
import { liveSteps } from '../../../harness/trace/liveSteps';
import { deriveTwin } from '../../../harness/construct/twin/deriveTwin';
import { seededInitializer } from '../../../harness/construct/seededInitializer';
import { TwinRefusedError } from '../../../harness/errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A custom layer: a Dense sublayer, an owned weight, raw ops between them, and a dead op. */
class Scaled extends tf.layers.Layer {
  static className = 'TraceSpecScaled';
  readonly d = tf.layers.dense({ units: 3, kernelInitializer: 'ones' });
  scale?: ReturnType<tf.layers.Layer['addWeight']>;
  read = false;
  override build(s: number[]): void {
    this.scale = this.addWeight('scale', [3], 'float32', tf.initializers.ones());
    super.build(s);
  }
  override get trainableWeights() {
    return [this.scale!, ...this.d.trainableWeights];
  }
  override computeOutputShape(s: number[]) {
    return [s[0], 3];
  }
  override call(x: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const h = this.d.apply(Array.isArray(x) ? x[0] : x) as Tensor;
      tf.exp(h); // computed, never used: not part of the twin
      if (this.read) h.dataSync();
      return tf.relu(tf.mul(h, this.scale!.read()));
    });
  }
}

const ctx = { tf, init: (_k: string, kind?: string) => seededInitializer(tf, kind ?? 'glorotUniform', 1) };

describe('traceCall', () => {
  it("records the sublayer as a node (its kernels its own), the custom layer's ops, the weight it reads; live steps drop the dead op", () => {
    const layer = new Scaled({});
    const x = tf.ones([2, 4]);
    tf.dispose(layer.apply(x) as Tensor);
    const before = tf.memory().numTensors;
    const { result, trace } = traceCall(layer, [x], false);
    expect(trace.steps.map((s) => (s.kind === 'node' ? `node ${s.layer.getClassName()}` : s.call.kernel))).toEqual([
      'node Dense',
      'Exp',
      'Multiply',
      'Relu',
    ]);
    expect(liveSteps(trace).map((s) => (s.kind === 'node' ? 'node' : s.call.kernel))).toEqual([
      'node',
      'Multiply',
      'Relu',
    ]);
    expect([...trace.variables.values()].map((v) => v.shape)).toEqual([[3]]);
    expect(trace.refusal).toBeUndefined();
    tf.dispose(result);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    layer.dispose();
  });

  it('names the op whose values call() reads', () => {
    const layer = new Scaled({});
    const x = tf.ones([2, 4]);
    tf.dispose(layer.apply(x) as Tensor);
    layer.read = true;
    const { result, trace } = traceCall(layer, [x], false);
    expect(trace.refusal?.message).toMatch(/^call\(\) reads tensor values \(dataSync\(\) on the output of Dense '/);
    tf.dispose(result);
    x.dispose();
    layer.dispose();
  });
});

describe('deriveTwin', () => {
  it('builds a twin of nodes, ops and weight layers that starts from the traced weights, and leaves only its weights alive', async () => {
    const tensors = tf.memory().numTensors;
    const twin = await deriveTwin(
      { name: 'scaled', inputs: [{ shape: [4] }], layer: () => new Scaled({}) },
      ctx,
      'seed',
      'scaled.mjs',
    );
    expect(twin.steps.map((s) => s.kind)).toEqual(['node', 'weight', 'op', 'op']);
    expect(twin.model.weights.map((w) => w.shape)).toEqual([[4, 3], [3], [3]]);
    expect(tf.memory().numTensors).toBe(tensors + 3);
    twin.model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses a layer whose call() reads values, naming the file and the op, and leaves nothing alive', async () => {
    const tensors = tf.memory().numTensors;
    const make = () => Object.assign(new Scaled({}), { read: true });
    await expect(
      deriveTwin({ name: 'reads', inputs: [{ shape: [4] }], layer: make }, ctx, 'seed', 'reads.mjs'),
    ).rejects.toBeInstanceOf(TwinRefusedError);
    await expect(
      deriveTwin({ name: 'reads', inputs: [{ shape: [4] }], layer: make }, ctx, 'seed', 'reads.mjs'),
    ).rejects.toThrow(
      /^reads\.mjs: cannot derive a functional twin: call\(\) reads tensor values \(dataSync\(\) on the output of Dense/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
