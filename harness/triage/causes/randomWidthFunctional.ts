import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';
import { holdsLayer, onlyInput, onlyShape, patchLayerClass } from './patchLayerClass';

/**
 * tfjs 4.22's `RandomWidth` (tfjs-layers layers/preprocessing/random_width.ts)
 * runs only when applied to a tensor, never inside a functional model:
 *
 * - `computeOutputShape` returns `[this.imgHeight, -1, inputShape[2]]` —
 *   no batch axis, a height set only by an earlier eager call (undefined
 *   before), width -1, and the input's *width* as its channels — so the
 *   layers after it in a `tf.model` are built for a shape it never gives
 *   ("Tensor must have a shape comprised of positive integers");
 * - `call` hands its `inputs` straight to the resize op, and the functional
 *   executor passes a list ("x must be rank 3 or 4, but got rank 1").
 *
 * Proof by counterfactual: the case runs again with `computeOutputShape`
 * giving `[...batch, height, width', channels]` — width' the width every
 * factor in the layer's range rounds to (the catalogue draws only such
 * factors), else unknown — and `call` taking its one input out of the list;
 * its divergences must vanish.
 */
export const randomWidthFunctional: KnownCause = {
  id: 'random-width-functional',
  fixture: 'fixtures/regressions/random-width-functional.json',
  summary:
    "tfjs's RandomWidth cannot run in a functional model: computeOutputShape gives [imgHeight, -1, inputWidth] and call hands its input list to the resize op",
  suspect: (r) => holdsLayer(r, 'randomWidth', 'RandomWidth'),
  counterfactual: {
    evidence:
      "gone when RandomWidth's computeOutputShape gives [batch, height, the width its factors round to, channels] and its call takes its one input out of the list (rerun)",
    hooks: () =>
      patchLayerClass(() => tf.layers.randomWidth({ name: 'parity_check_probe', factor: 0.5 }), {
        computeOutputShape(shape) {
          const s = onlyShape(shape);
          const { widthLower, widthUpper } = this as unknown as { widthLower: number; widthUpper: number };
          const w = s[s.length - 2];
          // As call computes it: round(width × factor), factor drawn from [1 + lower, 1 + upper].
          const lo = w == null ? null : Math.round(w * (1 + widthLower));
          const hi = w == null ? null : Math.round(w * (1 + widthUpper));
          return [...s.slice(0, -2), lo !== null && lo === hi ? lo : null, s[s.length - 1]];
        },
        call: (inputs, kwargs, original) => original(onlyInput(inputs), kwargs),
      }),
  },
};
