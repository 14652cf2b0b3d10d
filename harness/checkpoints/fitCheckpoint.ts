import type { Tensor } from '@tensorflow/tfjs';
import { compareSets } from '../compare/compareSets';
import { classNameOf, layersOf } from '../construct/layersOf';
import type { Side, SideName } from '../construct/Side';
import { LiveSnapshot, type LiveCounts } from '../runtime/liveCounts';
import { compileLoss } from '../runtime/losses';
import type { InputDescription } from '../runtime/makeInputs';
import { makeOptimizer } from '../runtime/makeOptimizer';
import { heldByOptimizer } from '../runtime/optimizerState';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tf } from '../runtime/tf';
import type { CaseConfig } from './CaseConfig';
import type { CaseHooks } from './CaseHooks';
import type { CaseRecorder } from './CaseRecorder';
import { weightsPoint } from './Evolution';
import { compareVariables, inventoryOf } from './inventoryOf';
import { keysByPosition, type KeyOrder } from './keysFor';
import { bothNonFinite } from './nonFinite';
import { onBothSides, userPath } from './onBothSides';

type LayersModel = InstanceType<typeof tf.LayersModel>;

/** The model `fit` runs on: the functional model itself, or the subclass wrapped in `tf.model`, as a user must to call `fit` on a layer. */
export function trainableModel(side: Side, inputs: InputDescription[]): LayersModel {
  if (side.net instanceof tf.LayersModel) return side.net;
  const ins = inputs.map((i) =>
    tf.input({
      ...(i.batchSize === undefined ? { shape: i.shape } : { batchShape: [i.batchSize, ...i.shape] }),
      dtype: i.feedAs ?? i.dtype ?? 'float32',
    }),
  );
  const out = side.net.apply(ins.length === 1 ? ins[0] : ins) as
    ReturnType<typeof tf.input> | ReturnType<typeof tf.input>[];
  return tf.model({ inputs: ins, outputs: out, name: 'subclass_wrapper' });
}

/** How `fit` keys a fresh pair build: by position, from the keys of the build the training checkpoints aligned. */
export type FitKeys = Partial<Record<SideName, KeyOrder>>;

/**
 * `fit`: `model.fit` with `shuffle: false` for `steps` epochs over the one
 * batch, on freshly built sides that were never called eagerly — a user's
 * `tf.model → compile → fit` — each compiled with its own optimizer
 * instance. Keys are read after the models exist and again after `fit`
 * (a weight created during it is named, not skipped); compares the loss
 * history, every weight and every state variable, and what `fit` left alive.
 */
export async function fitCheckpoint(
  sides: Record<SideName, Side>,
  inputDescs: InputDescription[],
  inputs: Tensor[],
  targets: Tensor[],
  config: CaseConfig,
  rec: CaseRecorder,
  options: { order?: FitKeys; hooks?: CaseHooks; built?: Partial<Record<SideName, LiveCounts>> } = {},
): Promise<void> {
  rec.facts.fit = {};
  rec.facts.compiled = {};
  const r = await onBothSides(async (s) => {
    const side = sides[s];
    // From before the wrapping: a build() run by tf.model's symbolic call counts too.
    const before = new LiveSnapshot();
    const model = userPath(() => trainableModel(side, inputDescs));
    rec.facts.fit![s] = layersOf(model).map((l) => ({
      className: classNameOf(l),
      outputsPerNode: Math.max(0, ...l.inboundNodes.map((n) => n.outputTensors.length)),
    }));
    const undo = userPath(() => options.hooks?.beforeFit?.(model, s));
    try {
      const optimizer = makeOptimizer(config.optimizer, config.optimizerOptions);
      userPath(() => model.compile({ optimizer, loss: compileLoss(config.loss) }));
      // What compile itself collected (no getter called again).
      const collected = (model as unknown as { collectedTrainableWeights?: unknown[] }).collectedTrainableWeights;
      rec.facts.compiled![s] = {
        trainable: collected?.length ?? -1,
        outputShapes: model.outputs.map((o) => o.shape.slice(1)),
      };
      // Spec sides carry structural keys (read after the model exists); a fresh pair build is keyed by position.
      const order = options.order?.[s];
      const keys = side.keys ?? (order ? keysByPosition(side, order) : new Map<string, string>());
      seedGlobalRandom(`${config.seed}:fit`);
      const h = await userPath(() =>
        model.fit(inputs.length === 1 ? inputs[0] : inputs, targets.length === 1 ? targets[0] : targets, {
          epochs: config.steps,
          batchSize: config.batchSize,
          shuffle: false,
          verbose: 0,
        }),
      );
      // Both sides over one span: from the factory call (options.built, what
      // building left) to the end of fit — the subclass's wrapping tf.model
      // runs its build() here, the functional model built in its factory.
      const fitLeft = before.leftSince(
        userPath(() => [...model.weights.map((w) => w.name), ...heldByOptimizer(optimizer)]),
      );
      const built = options.built?.[s] ?? { tensors: 0, variables: 0 };
      const left = { tensors: built.tensors + fitLeft.tensors, variables: built.variables + fitLeft.variables };
      const loss = (h.history.loss as number[]).map(Number);
      return { loss, inv: userPath(() => inventoryOf(side, side.keys ?? keys)), left, optimizer };
    } finally {
      undo?.();
    }
  });
  for (const v of Object.values(r.values)) v?.optimizer.dispose();
  if (rec.probed('fit', r)) return;
  const [a, b] = [r.values.subclass!, r.values.functional!];
  const hist = (l: number[]) =>
    new Map([['fit/loss', { shape: [l.length], dtype: 'float32', values: Float32Array.from(l) }]]);
  rec.diverge(...compareSets('loss', 'fit', hist(a.loss), hist(b.loss), config.tolerance));
  rec.fitLoss(a.loss, b.loss);
  if (bothNonFinite(hist(a.loss), hist(b.loss))) rec.markUninformative('loss at fit: non-finite on both sides');
  // A fresh build: its one-sided variables are named here, whatever earlier checkpoints said.
  const found = compareVariables('fit', a.inv, b.inv, config.tolerance, new Set());
  rec.diverge(...found);
  rec.weightsAt(weightsPoint('fit', a.inv, b.inv, found));
  rec.resourcesAt('fit', a.left, b.left, 'building, tf.model, compile and fit (weights and optimizer slots aside)');
  rec.reached('fit');
}
