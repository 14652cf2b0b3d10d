import type { Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../../architecture/types';
import type { CaseConfig } from '../../checkpoints/CaseConfig';
import type { CaseHooks } from '../../checkpoints/CaseHooks';
import type { Divergence, DivergenceKind } from '../../compare/Divergence';
import type { TensorData } from '../../runtime/tensorData';
import { tensorData } from '../../runtime/tensorData';
import { tf } from '../../runtime/tf';
import { REFERENCE_PHASES, type ReferenceComparison, type ReferenceResult } from '../ReferenceResult';
import { calibration, calibrationPath, phaseOf } from '../referenceTolerance';
import { kerasProcess } from './KerasProcess';
import { randomInTraining } from './randomInTraining';
import { fromWire, toWire, type WireTensor } from './tensorWire';
import { recordTfjs, type StepRecord } from './recordTfjs';
import { translateOptimizer } from './translateOptimizer';
import { translateSpec } from './translateSpec';
import { compareWithKeras, groupScale } from './compareWithKeras';

interface KerasStep {
  loss: WireTensor;
  dataLoss: WireTensor;
  regularization: WireTensor | null;
  gradients: Record<string, WireTensor>;
  weights: Record<string, WireTensor>;
}
interface KerasRun {
  /**
   * Set when a tfjs weight did not fit its Keras weight, or Keras refused a node tfjs applied: then only
   * `shapes` came back (each node's that Keras built, batch left out).
   */
  weightError?: string;
  shapes?: Record<string, (number | null)[]>;
  forward: { outputs: WireTensor[]; activations: Record<string, WireTensor> };
  steps?: KerasStep[];
  trainingError?: string;
}

/** The case's reference result when it did not run, and why. */
function notRun(reason: string, untranslated: ReferenceResult['untranslated'] = []): ReferenceResult {
  return {
    name: 'keras',
    ran: false,
    reason,
    untranslated,
    tolerance: toleranceOf(),
    checkpoints: [],
    comparisons: [],
  };
}

function toleranceOf(): ReferenceResult['tolerance'] {
  const c = calibration();
  return { ...c.phases, source: calibrationPath().replace(/^.*\/tools\//, 'tools/'), floor: c.floor };
}

/**
 * `--reference keras` for one spec case: the spec translated to a Keras 3
 * functional model, started from the tfjs functional model's initial
 * weights (copied by structural key), given the same inputs and targets,
 * and compared with the tfjs functional model at `forward` (outputs and
 * every node's activation), `loss` (data loss and regularization apart),
 * `gradients` and each optimizer step (every weight), under the calibrated
 * tolerance of each phase. Returns the result and the divergences (marked
 * `reference: 'keras'`); never throws for what Keras or the translation
 * does — a spec it cannot run is reported as not run, with the reason.
 */
export async function runKerasReference(
  spec: ModelSpec,
  config: CaseConfig,
  inputs: Tensor[],
  targets: Tensor[],
  /** A counterfactual's changes to the Keras model and optimizer (triage), applied after translation. */
  patch?: Pick<CaseHooks, 'referenceModel' | 'referenceOptimizer'>,
): Promise<{ result: ReferenceResult; divergences: Divergence[] }> {
  // What cannot be translated is known before anything is built (the weights' links need the tfjs model).
  const gaps = translateSpec(spec, new Map()).untranslated;
  if (gaps.some((u) => u.blocking)) {
    const why = gaps
      .filter((u) => u.blocking)
      .map((u) => `layer '${u.layer}' (${u.kind}${u.field ? `, ${u.field}` : ''}): ${u.reason}`)
      .join('; ');
    return { result: notRun(`no Keras counterpart: ${why}`, gaps), divergences: [] };
  }
  const random = randomInTraining(spec);
  const tfjs = recordTfjs(spec, config, inputs, targets, random.length === 0);
  const train = random.length === 0 && tfjs.trainingError === undefined;
  const { model, untranslated } = translateSpec(spec, tfjs.layerKeys);
  if (!model) return { result: notRun('no Keras counterpart', untranslated), divergences: [] };
  patch?.referenceModel?.(model);
  const optimizer = translateOptimizer(config.optimizer, config.optimizerOptions, tf.backend().epsilon());
  patch?.referenceOptimizer?.(optimizer);
  let proc;
  try {
    proc = await kerasProcess();
  } catch (e) {
    return { result: notRun((e as Error).message, untranslated), divergences: [] };
  }
  const wire = (m: Map<string, TensorData>) => Object.fromEntries([...m].map(([k, v]) => [k, toWire(v)]));
  const answer = await proc.request<KerasRun>({
    op: 'run',
    model,
    weights: wire(tfjs.initial),
    inputs: inputs.map((t) => toWire(tensorData(t))),
    targets: targets.map((t) => toWire(tensorData(t))),
    loss: config.loss,
    optimizer,
    steps: config.steps,
    train,
  });
  if (!answer.ok) return { result: notRun(`Keras failed: ${answer.error}`, untranslated), divergences: [] };
  const cal = calibration();
  const comparisons: ReferenceComparison[] = [];
  const divergences: Divergence[] = [];
  const checkpoints: string[] = [];
  // Every pair is gathered first: a tensor is compared at the scale of its group (its kind at its checkpoint).
  type Pair = { kind: DivergenceKind; checkpoint: string; key: string; a: TensorData; b: TensorData };
  const pending: (Pair | Divergence)[] = [];
  const compare = (
    kind: DivergenceKind,
    checkpoint: string,
    key: string,
    a: TensorData | undefined,
    b: WireTensor | undefined | null,
  ) => {
    if (a === undefined && (b === undefined || b === null)) return;
    if (a === undefined || b === undefined || b === null) {
      pending.push({
        kind,
        checkpoint,
        key,
        message: `tfjs vs Keras 3: ${a === undefined ? 'Keras has' : 'tfjs has'} a ${kind === 'loss' ? 'value' : kind} for '${key}', ${a === undefined ? 'tfjs' : 'Keras'} has none`,
        reference: 'keras',
      });
      return;
    }
    pending.push({ kind, checkpoint, key, a, b: fromWire(b) });
  };
  const compareAll = () => {
    const pairs = pending.filter((p): p is Pair => 'a' in p);
    const groups = new Map<string, TensorData[]>();
    const group = (p: Pair) => `${p.kind}@${p.checkpoint}`;
    for (const p of pairs) groups.set(group(p), [...(groups.get(group(p)) ?? []), p.a, p.b]);
    // In the order gathered (the signature reads the first divergence), a tensor missing on one side included.
    for (const p of pending) {
      if (!('a' in p)) {
        divergences.push(p);
        continue;
      }
      const shapesAgree = p.a.shape.join() === p.b.shape.join();
      const scale = shapesAgree ? groupScale(groups.get(group(p))!, cal.floor) : cal.floor;
      const r = compareWithKeras(p.kind, p.checkpoint, p.key, p.a, p.b, cal.phases[phaseOf(p.checkpoint)], scale);
      comparisons.push(r.comparison);
      if (r.divergence) divergences.push(r.divergence);
    }
  };
  const k = answer.result;
  if (k.weightError !== undefined) {
    const shapes = shapesOnly(spec, tfjs.activations, k.shapes ?? {}, k.weightError);
    if (!shapes) return { result: notRun(`Keras failed: ${k.weightError}`, untranslated), divergences: [] };
    return {
      result: {
        name: 'keras',
        ran: true,
        untranslated,
        tolerance: toleranceOf(),
        checkpoints: ['forward'],
        notCompared: `values: Keras computes another shape from node '${shapes.divergence.key}' on, and cannot take the tfjs model's weights or nodes after it (${k.weightError}); only shapes were compared`,
        comparisons: [shapes.comparison],
        versions: { keras: proc.versions.keras, tensorflow: proc.versions.tensorflow },
      },
      divergences: [shapes.divergence],
    };
  }
  // Nodes first, in the spec's order (each after its inputs): the first divergence — which the signature
  // reads — is then the first node that differs, not an output downstream of it.
  for (const n of spec.nodes)
    compare('activation', 'forward', n.id, tfjs.activations.get(n.id), k.forward.activations[n.id]);
  spec.outputs.forEach((o, i) => compare('forward', 'forward', o, tfjs.outputs[i], k.forward.outputs[i]));
  checkpoints.push('forward');
  (k.steps ?? []).forEach((ks, i) => {
    const ts: StepRecord | undefined = tfjs.steps[i];
    if (!ts) return;
    const step = i + 1;
    const lossCp = step === 1 ? 'loss' : `step-${step}`;
    compare('loss', lossCp, 'loss/data', ts.dataLoss, ks.dataLoss);
    compare('loss', lossCp, 'loss/regularization', ts.regularization ?? zero(), ks.regularization ?? toWire(zero()));
    const gradCp = step === 1 ? 'gradients' : `step-${step}`;
    for (const key of new Set([...ts.gradients.keys(), ...Object.keys(ks.gradients)]))
      compare('gradient', gradCp, key, ts.gradients.get(key), ks.gradients[key]);
    for (const key of new Set([...ts.weights.keys(), ...Object.keys(ks.weights)]))
      compare('weights', `step-${step}`, key, ts.weights.get(key), ks.weights[key]);
    if (step === 1) checkpoints.push('loss', 'gradients');
    checkpoints.push(`step-${step}`);
  });
  compareAll();
  return {
    result: {
      name: 'keras',
      ran: true,
      untranslated,
      tolerance: toleranceOf(),
      checkpoints,
      notCompared:
        random.length > 0
          ? `loss, gradients and steps: ${random.join(', ')} draw random values in training, from each library's own generator`
          : tfjs.trainingError
            ? `loss, gradients and steps: tfjs could not train the model: ${tfjs.trainingError}`
            : k.trainingError
              ? `loss, gradients and steps: Keras could not train the model: ${k.trainingError}`
              : undefined,
      comparisons,
      versions: { keras: proc.versions.keras, tensorflow: proc.versions.tensorflow },
    },
    divergences,
  };
}

/** A regularization of 0: a model without penalties reports none (Keras as tfjs), compared as 0. */
function zero(): TensorData {
  return { dtype: 'float32', shape: [], values: new Float32Array([0]) };
}

/**
 * When the tfjs weights do not fit the Keras model, or Keras refuses a node tfjs applied, the two graphs'
 * shapes may part upstream: the first node (in the spec's order) whose Keras shape is not tfjs's is then the
 * finding, compared by shape alone. Undefined when every node Keras built has tfjs's shape — then Keras
 * failed for another reason, and the reference did not run.
 */
function shapesOnly(
  spec: ModelSpec,
  activations: Map<string, TensorData>,
  shapes: Record<string, (number | null)[]>,
  weightError: string,
): { divergence: Divergence; comparison: ReferenceComparison } | undefined {
  for (const n of spec.nodes) {
    const a = activations.get(n.id);
    const b = shapes[n.id];
    if (!a || !b) continue;
    const ta = a.shape.slice(1);
    if (ta.length === b.length && ta.every((d, i) => d === b[i])) continue;
    const structural = `shape [${ta.join(', ')}] (tfjs) vs [${b.join(', ')}] (keras), batch left out`;
    return {
      divergence: {
        kind: 'activation',
        checkpoint: 'forward',
        key: n.id,
        message: `tfjs vs Keras 3: ${structural}; Keras cannot run the tfjs model past it (${weightError})`,
        reference: 'keras',
      },
      comparison: {
        checkpoint: 'forward',
        key: n.id,
        total: a.values.length,
        mismatched: Math.max(1, a.values.length),
        differing: a.values.length,
        maxAbs: Infinity,
        maxRel: Infinity,
        maxUlp: Infinity,
        maxScaled: Infinity,
        structural,
      },
    };
  }
  return undefined;
}

export { REFERENCE_PHASES };
