import type { Tensor } from '@tensorflow/tfjs';
import { compareSets } from '../compare/compareSets';
import { fromZeroStates } from '../construct/rnnStates';
import { SIDES, type Side, type SideName } from '../construct/Side';
import type { InputDescription } from '../runtime/makeInputs';
import { LiveSnapshot } from '../runtime/liveCounts';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import type { CaseConfig } from './CaseConfig';
import type { ReloadFact } from './CaseFacts';
import type { CaseHooks } from './CaseHooks';
import type { CaseRecorder } from './CaseRecorder';
import { trainableModel } from './fitCheckpoint';
import { onBothSides, userPath } from './onBothSides';

type LayersModel = InstanceType<typeof tf.LayersModel>;
type Artifacts = Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0];

/** Saves a model through tfjs's own save API into memory. */
async function save(model: LayersModel): Promise<Artifacts> {
  let saved: Artifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      saved = artifacts;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  return saved!;
}

const outputs = (m: { apply: LayersModel['apply'] }, x: Tensor | Tensor[]) => {
  const y = tf.tidy(() => m.apply(x, { training: false }) as Tensor | Tensor[]);
  const list = Array.isArray(y) ? y : [y];
  const out = new Map(list.map((t, i) => [`output[${i}]`, tensorData(t)]));
  tf.dispose(list);
  return out;
};

/**
 * Weight names (as `loadWeights` reads them: `originalName`, in its order)
 * that two weights of the model share, first one first, with the
 * top-level layers that hold them.
 */
function duplicates(model: LayersModel): ReloadFact['duplicates'] {
  const owners = new Map<string, string[]>();
  for (const layer of model.layers)
    for (const w of layer.weights) owners.set(w.originalName, [...(owners.get(w.originalName) ?? []), layer.name]);
  return [...owners].filter(([, o]) => o.length > 1).map(([name, o]) => ({ name, owners: [...new Set(o)] }));
}

/**
 * `reload`: serializes each side after training (topology and weights,
 * through `model.save` and `tf.loadLayersModel`, custom classes resolved by
 * their registration) and compares the reloaded model with the original
 * (its outputs must not change) and with the other side's reloaded model.
 * A side whose topology cannot be saved or rebuilt fails here alone; the
 * other side is still checked against itself.
 */
export async function reloadCheckpoint(
  sides: Record<SideName, Side>,
  descs: InputDescription[],
  inputs: Tensor[],
  config: CaseConfig,
  rec: CaseRecorder,
  hooks?: CaseHooks,
): Promise<void> {
  const x = inputs.length === 1 ? inputs[0] : inputs;
  const facts: Partial<Record<SideName, ReloadFact>> = {};
  rec.facts.reload = facts;
  const r = await onBothSides(async (s) => {
    const snapshot = new LiveSnapshot();
    const original = userPath(() => trainableModel(sides[s], descs));
    const fact: ReloadFact = { duplicates: duplicates(original) };
    facts[s] = fact;
    // The reloaded model is compared with the model as it was saved: saved
    // first, then called — a layer whose state moves on every call (a running
    // total) must not read as "changed by reload" because the harness called
    // it once more before saving. The same random stream for both calls: a
    // layer that draws at inference (dropout forced on) neither.
    const artifacts = await userPath(() => save(original));
    seedGlobalRandom(`${config.seed}:reload`);
    // tfjs saves no RNN states: a reloaded stateful RNN starts from zeros, so the original is called from zeros too.
    const before = userPath(() => fromZeroStates(original, () => outputs(original, x)));
    const reloaded = await userPath(() => tf.loadLayersModel(tf.io.fromMemory(artifacts)));
    userPath(() => hooks?.afterConstruct?.({ name: s, net: reloaded, outputShapes: [] }));
    seedGlobalRandom(`${config.seed}:reload`);
    const after = userPath(() => outputs(reloaded, x));
    // Saving and loading leave the reloaded model's weights; anything else (a build() the load ran) is counted.
    return {
      before,
      after,
      left: snapshot.leftSince(userPath(() => [...original.weights, ...reloaded.weights]).map((w) => w.name)),
    };
  });
  // Whether the sides already differed before this checkpoint: decided now, before reload adds its own findings.
  const differedBefore = rec.divergences.some((d) => d.kind !== 'resources');
  const failed = rec.probed('reload', r);
  for (const s of SIDES) {
    const v = r.values[s];
    if (!v) continue;
    // A reload that changes a side's own outputs (weights it did not save, fresh random ones on load) is a finding of that side.
    const self = compareSets('forward', 'reload', v.before, v.after, config.tolerance, {
      kind: 'forward',
      what: 'output',
    });
    rec.diverge(
      ...self.map((d) => ({
        ...d,
        key: `${s}:${d.key}`,
        message: `${s} side changed by save and reload: ${d.message}`,
      })),
    );
  }
  if (failed) return;
  rec.resourcesAt(
    'reload',
    r.values.subclass!.left,
    r.values.functional!.left,
    'saving and loading (the weights aside)',
  );
  // Across sides only while their values still agree: after a divergence in training the reloaded sides differ trivially.
  if (!differedBefore)
    rec.diverge(
      ...compareSets('forward', 'reload', r.values.subclass!.after, r.values.functional!.after, config.tolerance, {
        kind: 'forward',
        what: 'output',
      }),
    );
  else
    rec.note(
      'reload: each reloaded side was compared with itself, not with the other side (they already differ before the reload)',
    );
  rec.reached('reload');
}
