import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';
import { holdsLayer, onlyInput, onlyShape, patchLayerClass } from './patchLayerClass';

/**
 * tfjs 4.22's `Resizing` (tfjs-layers layers/preprocessing/image_resizing.ts)
 * runs only when applied to a tensor, never inside a functional model:
 *
 * - `computeOutputShape` returns `[height, width, inputShape[2]]` — no batch
 *   axis, and the input's *width* as its channels — so every layer after it
 *   in a `tf.model` is built for a shape it never gets;
 * - `call` hands its `inputs` straight to `image.resizeBilinear` /
 *   `resizeNearestNeighbor`, but the functional executor passes every layer
 *   a list of tensors: "x must be rank 3 or 4, but got rank 1".
 *
 * The subclass side applies the layer to a tensor and runs. Proof by
 * counterfactual: the case runs again with `Resizing`'s two methods doing
 * what Keras's do (`[...batch, height, width, channels]`; the one input
 * taken out of its list), and its divergences must vanish.
 */
export const resizingFunctional: KnownCause = {
  id: 'resizing-functional',
  fixture: 'fixtures/regressions/resizing-functional.json',
  summary:
    "tfjs's Resizing cannot run in a functional model: computeOutputShape drops the batch axis (channels = the input's width) and call hands its input list to the resize op",
  suspect: (r) => holdsLayer(r, 'resizing', 'Resizing'),
  counterfactual: {
    evidence:
      "gone when Resizing's computeOutputShape keeps the batch axis and channels and its call takes its one input out of the list (rerun)",
    hooks: () =>
      patchLayerClass(() => tf.layers.resizing({ name: 'parity_check_probe', height: 1, width: 1 }), {
        computeOutputShape(shape) {
          const s = onlyShape(shape);
          const { height, width } = this as unknown as { height: number; width: number };
          return [...s.slice(0, -3), height, width, s[s.length - 1]];
        },
        call: (inputs, kwargs, original) => original(onlyInput(inputs), kwargs),
      }),
  },
};
