import type { Tensor } from '@tensorflow/tfjs';
import { SIDES, type Side, type SideName } from '../construct/Side';
import { compareSets } from '../compare/compareSets';
import type { CaseConfig } from './CaseConfig';
import { tf } from '../runtime/tf';
import type { CaseRecorder } from './CaseRecorder';
import { trainableModel } from './fitCheckpoint';
import type { InputDescription } from '../runtime/makeInputs';
import { onBothSides } from './onBothSides';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData } from '../runtime/tensorData';

type LayersModel = InstanceType<typeof tf.LayersModel>;
type Artifacts = Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0];

/** Saves a model through tfjs's own save API into memory and loads it back. */
async function roundTrip(model: LayersModel): Promise<LayersModel> {
  let saved: Artifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

const outputs = (m: { apply: LayersModel['apply'] }, x: Tensor | Tensor[]) => {
  const y = tf.tidy(() => m.apply(x, { training: false }) as Tensor | Tensor[]);
  const list = Array.isArray(y) ? y : [y];
  const out = new Map(list.map((t, i) => [`output[${i}]`, tensorData(t)]));
  tf.dispose(list);
  return out;
};

/**
 * `reload`: serializes each side after training (topology and weights,
 * through `model.save` and `tf.loadLayersModel`, custom classes resolved by
 * their registration) and compares the reloaded model with the original
 * (its outputs must not change) and with the other side's reloaded model.
 * A side whose topology cannot be saved or rebuilt fails here alone.
 */
export async function reloadCheckpoint(sides: Record<SideName, Side>, descs: InputDescription[], inputs: Tensor[], config: CaseConfig, rec: CaseRecorder): Promise<void> {
  const x = inputs.length === 1 ? inputs[0] : inputs;
  const r = await onBothSides(async (s) => {
    const original = trainableModel(sides[s], descs);
    // Same random stream for both calls: a layer that draws at inference
    // (dropout forced on) must not read as "changed by reload".
    seedGlobalRandom(`${config.seed}:reload`);
    const before = outputs(original, x);
    const reloaded = await roundTrip(original);
    seedGlobalRandom(`${config.seed}:reload`);
    return { before, after: outputs(reloaded, x) };
  });
  if (rec.sideErrors('reload', r.errors)) return;
  for (const s of SIDES) {
    const { before, after } = r.values[s]!;
    // A reload that changes a side's own outputs (weights it did not save, fresh random ones on load) is a finding of that side.
    const self = compareSets('forward', 'reload', before, after, config.tolerance);
    rec.diverge(...self.map((d) => ({ ...d, key: `${s}:${d.key}`, message: `${s} side changed by save and reload: ${d.message}` })));
  }
  // Across sides only while they still agree: after a divergence in training the reloaded sides differ trivially.
  if (rec.divergences.length === 0) rec.diverge(...compareSets('forward', 'reload', r.values.subclass!.after, r.values.functional!.after, config.tolerance));
  rec.reached('reload');
}
