import { runInNewContext } from 'node:vm';
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../../harness';
import { penalizedScaleClass, PENALIZED_SCALE_CLASS } from '../../../harness/architecture/catalogue/penalizedScale';
import { PENALIZED_SCALE_SOURCE } from '../../../harness/export/penalizedScaleSource';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

type Layer = InstanceType<typeof tf.layers.Layer>;
type LayerClass = new (args: { name?: string; rate: number; scaleInitializer?: unknown }) => Layer;

/** The class as an exported script defines it: its source run with the script's `tf` (it registers itself). */
const scriptClass = (): LayerClass =>
  runInNewContext(
    `${PENALIZED_SCALE_SOURCE}\nPenalizedScale;`,
    { tf },
    { filename: 'exported-script.mjs' },
  ) as LayerClass;

/** What a user observes of one layer: outputs and losses over three calls, its weights and its config. */
function observe(Class: LayerClass) {
  const layer = new Class({ name: 'p', rate: 0.1, scaleInitializer: tf.initializers.randomNormal({ seed: 3 }) });
  const x = tf.tensor2d([
    [1, -2, 3],
    [0.5, 4, -1],
  ]);
  const seen: { outputs: number[][]; losses: number[][] } = { outputs: [], losses: [] };
  for (let call = 0; call < 3; call++) {
    const y = layer.apply(x) as Tensor;
    seen.outputs.push([...y.dataSync()]);
    const l = layer.calculateLosses();
    seen.losses.push(l.map((t) => t.dataSync()[0]));
    tf.dispose([y, ...l]);
  }
  const result = {
    ...seen,
    className: layer.getClassName(),
    weights: layer.weights.map((w) => ({ name: w.originalName, shape: w.shape, trainable: w.trainable })),
    config: layer.getConfig(),
    supportsMasking: layer.supportsMasking,
    outputShape: layer.computeOutputShape([null, 3]),
  };
  tf.dispose(x);
  layer.dispose();
  return result;
}

/** A model holding the layer, saved and loaded again (the class resolved by its registration). */
async function reloads(Class: LayerClass): Promise<number[]> {
  // The one registered under the class name is the one loadLayersModel builds.
  tf.serialization.registerClass(Class as unknown as Parameters<typeof tf.serialization.registerClass>[0]);
  const input = tf.input({ shape: [3] });
  const model = tf.model({
    inputs: input,
    outputs: new Class({ rate: 1 }).apply(input) as ReturnType<typeof tf.input>,
  });
  let saved: Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0] | undefined;
  await model.save(
    tf.io.withSaveHandler((a) => {
      saved = a;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const x = tf.ones([1, 3]);
  const y = loaded.predict(x) as Tensor;
  const out = [...y.dataSync(), loaded.calculateLosses().length];
  tf.dispose([x, y]);
  model.dispose();
  loaded.dispose();
  return out;
}

describe("the penalizedScale class an exported script carries is the harness's", () => {
  afterAll(() => {
    // The script's class registered itself under the harness's class name: give the name back.
    tf.serialization.registerClass(
      penalizedScaleClass(tf) as unknown as Parameters<typeof tf.serialization.registerClass>[0],
    );
  });

  it('computes the same outputs, the same growing list of losses, the same weights and config', () => {
    const before = tf.memory().numTensors;
    const harness = observe(penalizedScaleClass(tf) as unknown as LayerClass);
    const script = observe(scriptClass());
    expect(script).toEqual(harness);
    // One more penalty per call (the tfjs behaviour the class is there to show), and the class name a save records.
    expect(harness.losses.map((l) => l.length)).toEqual([1, 2, 3]);
    expect(harness.className).toBe(PENALIZED_SCALE_CLASS);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reloads from a save as the harness class does', async () => {
    const harness = await reloads(penalizedScaleClass(tf) as unknown as LayerClass);
    const script = await reloads(scriptClass());
    expect(script).toEqual(harness);
  });
});
