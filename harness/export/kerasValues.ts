import type { Tensor } from '@tensorflow/tfjs';
import { inferShapes } from '../architecture/inferShapes';
import type { ModelSpec } from '../architecture/types';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import { UsageError } from '../errors';
import { kerasProcess, type KerasVersions } from '../reference/keras/KerasProcess';
import { randomInTraining } from '../reference/keras/randomInTraining';
import { recordTfjs } from '../reference/keras/recordTfjs';
import { fromWire, toWire, type WireTensor } from '../reference/keras/tensorWire';
import { translateOptimizer, type KerasOptimizer } from '../reference/keras/translateOptimizer';
import { translateSpec, type KerasModel } from '../reference/keras/translateSpec';
import { makeTarget, type LossName } from '../runtime/losses';
import { makeInputs } from '../runtime/makeInputs';
import type { OptimizerName } from '../runtime/makeOptimizer';
import { seedFor } from '../runtime/seedFor';
import { tensorData, type TensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import type { ReferenceValue } from './referenceFinding';

interface KerasStep {
  dataLoss: WireTensor;
  regularization: WireTensor | null;
  gradients: Record<string, WireTensor>;
  weights: Record<string, WireTensor>;
}
interface KerasRun {
  forward: { outputs: WireTensor[]; activations: Record<string, WireTensor> };
  steps?: KerasStep[];
  trainingError?: string;
}

/** Everything a reference script and its Keras twin embed: the case's data, and both libraries' value. */
export interface KerasValues {
  inputs: TensorData[];
  targets: TensorData[];
  /** Initial weights by structural key (the tfjs functional model's, which Keras starts from). */
  weights: Map<string, TensorData>;
  /** The Keras model as the reference built it (harness/reference/keras/translateSpec.ts). */
  model: KerasModel;
  optimizer: KerasOptimizer;
  /** Keras 3's value at the finding, as the reference process computed it. */
  keras: TensorData;
  /** tfjs's value there, as the harness computed it during the export (the script recomputes it). */
  tfjs: TensorData;
  versions: KerasVersions;
}

const ZERO: TensorData = { dtype: 'float32', shape: [], values: new Float32Array([0]) };

/**
 * Recomputes a reference case's data and both libraries' value at one
 * point, as the case's `--reference keras` step computed them: the same
 * seeded inputs and targets, the tfjs functional model's initial weights
 * (recorded with `recordTfjs`, as the reference does), the same Keras model
 * and optimizer sent to the same Keras process. The case result keeps only
 * the comparisons' errors, so the values are computed again here. Leaves
 * no tensor or variable behind; throws a {@link UsageError} when Keras or
 * tfjs cannot compute the value.
 */
export async function kerasValues(
  caseName: string,
  spec: ModelSpec,
  config: CaseConfig,
  value: ReferenceValue,
): Promise<KerasValues> {
  const name = `case '${caseName}'`;
  const inputs = makeInputs(spec.inputs, config.batchSize, config.seed);
  const { shapes } = inferShapes(spec);
  // Targets at the shapes the case drew them (the engine's functional side's declared output shapes).
  const targets: Tensor[] = spec.outputs.map((o, i) =>
    makeTarget(
      config.loss as LossName,
      [config.batchSize, ...(shapes.get(o)?.shape ?? [])],
      seedFor(config.seed, 'target', String(i)),
    ),
  );
  try {
    const train = value.kind !== 'output' && value.kind !== 'activation';
    if (train && randomInTraining(spec).length > 0)
      throw new UsageError(`${name}: draws random values in training; only forward compares with Keras`);
    const tfjs = recordTfjs(spec, config, inputs, targets, train);
    if (train && tfjs.trainingError) throw new UsageError(`${name}: tfjs cannot train it: ${tfjs.trainingError}`);
    const { model, untranslated } = translateSpec(spec, tfjs.layerKeys);
    if (!model)
      throw new UsageError(
        `${name}: no Keras counterpart (${untranslated
          .filter((u) => u.blocking)
          .map((u) => `${u.layer}: ${u.reason}`)
          .join('; ')})`,
      );
    const optimizer = translateOptimizer(
      config.optimizer as OptimizerName,
      config.optimizerOptions,
      tf.backend().epsilon(),
    );
    const proc = await kerasProcess();
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
    if (!answer.ok) throw new UsageError(`${name}: Keras failed: ${answer.error}`);
    const k = answer.result;
    const step = train ? value.step : 0;
    const ks = k.steps?.[step - 1];
    const ts = tfjs.steps[step - 1];
    if (train && (!ks || !ts))
      throw new UsageError(`${name}: no step ${step} to read (${k.trainingError ?? 'the case ran fewer steps'})`);
    const pick = (): [TensorData | undefined, WireTensor | undefined | null] => {
      switch (value.kind) {
        case 'output':
          return [tfjs.outputs[value.index], k.forward.outputs[value.index]];
        case 'activation':
          return [tfjs.activations.get(value.node), k.forward.activations[value.node]];
        case 'loss':
          return value.part === 'data'
            ? [ts.dataLoss, ks!.dataLoss]
            : [ts.regularization ?? ZERO, ks!.regularization ?? toWire(ZERO)];
        case 'gradient':
          return [ts.gradients.get(value.key), ks!.gradients[value.key]];
        case 'weight':
          return [ts.weights.get(value.key), ks!.weights[value.key]];
      }
    };
    const [mine, theirs] = pick();
    if (!mine || !theirs)
      throw new UsageError(`${name}: ${mine ? 'Keras' : 'tfjs'} has no value for the finding (${value.kind})`);
    return {
      inputs: inputs.map(tensorData),
      targets: targets.map(tensorData),
      weights: tfjs.initial,
      model,
      optimizer,
      keras: fromWire(theirs),
      tfjs: mine,
      versions: proc.versions,
    };
  } finally {
    tf.dispose([...inputs, ...targets]);
  }
}
