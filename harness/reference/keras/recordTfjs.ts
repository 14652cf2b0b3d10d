import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { ModelSpec } from '../../architecture/types';
import type { CaseConfig } from '../../checkpoints/CaseConfig';
import { buildFunctional } from '../../construct/buildFunctional';
import { dataLoss } from '../../runtime/losses';
import { makeOptimizer } from '../../runtime/makeOptimizer';
import { seedGlobalRandom } from '../../runtime/seedRandom';
import { tensorData, type TensorData } from '../../runtime/tensorData';
import { tf } from '../../runtime/tf';

/** One custom-loop step as either library records it. */
export interface StepRecord {
  loss: TensorData;
  dataLoss: TensorData;
  regularization?: TensorData;
  gradients: Map<string, TensorData>;
  weights: Map<string, TensorData>;
}

/** What the tfjs functional model computes for the reference to be compared with. */
export interface TfjsRecord {
  /** Each layer's weights as structural keys, in the layer's own order (what the Keras weights are linked by). */
  layerKeys: Map<string, string[]>;
  initial: Map<string, TensorData>;
  outputs: TensorData[];
  activations: Map<string, TensorData>;
  steps: StepRecord[];
  /** Why the tfjs custom loop could not run (a missing gradient, no trainable weight): then only forward is compared. */
  trainingError?: string;
}

const list = (t: Tensor | Tensor[]) => (Array.isArray(t) ? t : [t]);

/**
 * Runs the tfjs functional model of a spec as the case's functional side
 * runs it — built from the same seeds (bit-identical initial weights), the
 * same inputs and targets, inference outputs and every node's activation,
 * then the custom loop (`training: true`, data loss + the model's
 * regularization losses, gradients by key, one optimizer with the case's
 * hyperparameters) — recording data loss and regularization apart, since
 * Keras reports them apart. Leaves no tensor and no variable behind.
 */
export function recordTfjs(
  spec: ModelSpec,
  config: CaseConfig,
  inputs: Tensor[],
  targets: Tensor[],
  train: boolean,
): TfjsRecord {
  const varsBefore = new Set(Object.keys(tf.engine().state.registeredVariables));
  seedGlobalRandom(`${config.seed}:build`);
  const side = buildFunctional(spec, config.seed);
  const net = side.net as InstanceType<typeof tf.LayersModel>;
  const keys = side.keys!;
  const optimizer = train ? makeOptimizer(config.optimizer, config.optimizerOptions) : undefined;
  try {
    const layerKeys = new Map<string, string[]>();
    for (const l of spec.layers)
      layerKeys.set(
        l.id,
        net.getLayer(l.id).weights.map((w) => keys.get(w.name)!),
      );
    const all = () => new Map(net.weights.map((w) => [keys.get(w.name)!, tensorData(w.read())]));
    const initial = all();
    const arg = inputs.length === 1 ? inputs[0] : inputs;
    const outs = list(net.apply(arg, { training: false }) as Tensor | Tensor[]);
    const outputs = outs.map(tensorData);
    tf.dispose(outs.filter((t) => !inputs.includes(t)));
    const acts = side.activations!(inputs, false);
    const activations = new Map(spec.nodes.map((n) => [n.id, tensorData(acts[n.id])]));
    tf.dispose(Object.values(acts).filter((t) => !inputs.includes(t)));
    const steps: StepRecord[] = [];
    let trainingError: string | undefined;
    if (optimizer && net.trainableWeights.length === 0) trainingError = 'the model has no trainable weight';
    else if (optimizer)
      try {
        const vars = net.trainableWeights
          .map((w) => ({ key: keys.get(w.name)!, v: w.read() as Variable, name: w.name }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        for (let step = 1; step <= config.steps; step++) {
          seedGlobalRandom(`${config.seed}:step-${step}`);
          let parts: { data: TensorData; reg?: TensorData } | undefined;
          const lossOf = () => {
            const y = list(net.apply(arg, { training: true }) as Tensor | Tensor[]);
            const reg = net.calculateLosses();
            const d = dataLoss(config.loss, targets, y);
            const r = reg.length > 0 ? (tf.addN(reg) as Tensor) : undefined;
            parts = { data: tensorData(d), reg: r ? tensorData(r) : undefined };
            return (r ? tf.add(d, r) : d) as Tensor;
          };
          const { value, grads } = tf.engine().gradients(
            lossOf,
            vars.map((x) => x.v),
            undefined,
            true,
          );
          const gradients = new Map<string, TensorData>();
          const applied: { name: string; tensor: Tensor }[] = [];
          vars.forEach((x, i) => {
            if (!grads[i]) return;
            gradients.set(x.key, tensorData(grads[i]));
            applied.push({ name: x.name, tensor: grads[i] });
          });
          const loss = tensorData(value);
          if (applied.length > 0) optimizer.applyGradients(applied);
          tf.dispose([value, ...grads.filter(Boolean)]);
          steps.push({ loss, dataLoss: parts!.data, regularization: parts!.reg, gradients, weights: all() });
        }
      } catch (e) {
        // tfjs itself cannot train this model (both sides meet the same error): forward is still compared.
        trainingError = (e as Error).message.split('\n')[0];
      }
    return { layerKeys, initial, outputs, activations, steps, trainingError };
  } finally {
    optimizer?.dispose();
    net.dispose();
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables))
      if (!varsBefore.has(name)) v.dispose();
  }
}
