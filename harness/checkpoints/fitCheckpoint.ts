import type { Tensor } from '@tensorflow/tfjs';
import type { Side, SideName } from '../construct/Side';
import { compareSets } from '../compare/compareSets';
import type { CaseConfig } from './CaseConfig';
import { tf } from '../runtime/tf';
import type { CaseRecorder } from './CaseRecorder';
import type { InputDescription } from '../runtime/makeInputs';
import { inventoryOf, valuesOf } from './inventoryOf';
import { keysFor } from './keysFor';
import { compileLoss } from '../runtime/losses';
import { makeOptimizer } from '../runtime/makeOptimizer';
import { onBothSides } from './onBothSides';
import { seedGlobalRandom } from '../runtime/seedRandom';

type LayersModel = InstanceType<typeof tf.LayersModel>;

/** The model `fit` runs on: the functional model itself, or the subclass wrapped in `tf.model`. */
export function trainableModel(side: Side, inputs: InputDescription[]): LayersModel {
  if (side.net instanceof tf.LayersModel) return side.net;
  const ins = inputs.map((i) => tf.input({ shape: i.shape, dtype: i.dtype ?? 'float32' }));
  const out = side.net.apply(ins.length === 1 ? ins[0] : ins) as ReturnType<typeof tf.input> | ReturnType<typeof tf.input>[];
  return tf.model({ inputs: ins, outputs: out, name: 'subclass_wrapper' });
}

/**
 * `fit`: `model.fit` with `shuffle: false` for `steps` epochs over the one
 * batch, on freshly built sides, each compiled with its own optimizer
 * instance. Compares the loss history and the weights and state after it.
 */
export async function fitCheckpoint(sides: Record<SideName, Side>, inputDescs: InputDescription[], inputs: Tensor[], targets: Tensor[], config: CaseConfig, rec: CaseRecorder): Promise<void> {
  const keys = keysFor(sides.subclass, sides.functional);
  const r = await onBothSides(async (s) => {
    const model = trainableModel(sides[s], inputDescs);
    model.compile({ optimizer: makeOptimizer(config.optimizer, config.optimizerOptions), loss: compileLoss(config.loss) as any });
    seedGlobalRandom(`${config.seed}:fit`);
    const h = await model.fit(inputs.length === 1 ? inputs[0] : inputs, targets.length === 1 ? targets[0] : targets, {
      epochs: config.steps,
      batchSize: config.batchSize,
      shuffle: false,
      verbose: 0,
    });
    const inv = inventoryOf(sides[s], s === 'subclass' ? keys.sub : keys.fun);
    const loss = (h.history.loss as number[]).map(Number);
    return { loss, weights: valuesOf(inv, true), state: valuesOf(inv, false) };
  });
  if (rec.sideErrors('fit', r.errors)) return;
  const [a, b] = [r.values.subclass!, r.values.functional!];
  const hist = (l: number[]) => new Map([['fit/loss', { shape: [l.length], dtype: 'float32', values: Float32Array.from(l) }]]);
  rec.diverge(...compareSets('loss', 'fit', hist(a.loss), hist(b.loss), config.tolerance));
  rec.diverge(...compareSets('weights', 'fit', a.weights, b.weights, config.tolerance));
  rec.diverge(...compareSets('state', 'fit', a.state, b.state, config.tolerance));
  rec.reached('fit');
}
