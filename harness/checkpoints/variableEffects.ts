import type { Tensor } from '@tensorflow/tfjs';
import type { Effect } from '../compare/pairByRole';
import type { Side } from '../construct/Side';
import { tensorsIn } from '../trace/tensorsIn';
import { seedFor } from '../runtime/seedFor';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tf } from '../runtime/tf';

/**
 * Each of a side's weights' effect on its outputs (by position in
 * `net.weights`): the gradient of `Σ sum(r_k ⊙ y_k)` — a fixed random
 * projection `r_k` of each float output `y_k`, seeded by the case and the
 * output's index, so both sides project alike — with respect to every
 * float weight, trainable or not (BatchNorm's moving statistics shape an
 * inference call too), once in inference mode and once in training mode.
 *
 * This calls the net again, so it must run on a replica built for it,
 * never on a side being checked: a call moves state (BatchNorm statistics,
 * a running total, a stateful RNN's states), and the harness leaves the
 * model as the user's code would (rule 8). A mode whose call throws gives
 * no effect; nothing here is ever a finding.
 */
export function variableEffects(side: Side, inputs: Tensor[], caseSeed: number): Effect[] {
  const weights = side.net.weights;
  const effects: Effect[] = weights.map(() => ({}));
  const float = weights.map((w, i) => ({ w, i })).filter(({ w }) => w.dtype === 'float32');
  if (float.length === 0) return effects;
  const arg = inputs.length === 1 ? inputs[0] : inputs;
  for (const training of [false, true]) {
    seedGlobalRandom(`${caseSeed}:role:${training}`);
    try {
      const xs = float.map(({ w }) => w.read());
      const { value, grads } = tf.engine().gradients(
        () => {
          const ys = tensorsIn(side.net.apply(arg, { training })).filter((y) => y.dtype === 'float32');
          const terms = ys.map((y, k) =>
            tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seedFor(caseSeed, 'role', String(k))))),
          );
          return terms.length === 0 ? tf.scalar(0) : tf.addN(terms);
        },
        xs,
        undefined,
        true,
      );
      float.forEach(({ i }, k) => {
        const g = grads[k];
        // No gradient at all: the weight does not reach the outputs in this mode.
        effects[i][training ? 'training' : 'inference'] = g
          ? (g.dataSync() as Float32Array).slice()
          : new Float32Array(tf.util.sizeFromShape(weights[i].shape as number[]));
      });
      tf.dispose([value, ...grads.filter((g) => g !== undefined)]);
    } catch {
      // This mode's effect stays unmeasured: pairing falls back to values and the graph.
    }
  }
  return effects;
}
