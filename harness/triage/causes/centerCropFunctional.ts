import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';
import { holdsLayer, onlyInput, onlyShape, patchLayerClass } from './patchLayerClass';

/**
 * tfjs 4.22's `CenterCrop` (tfjs-layers layers/preprocessing/center_crop.ts)
 * fails inside a functional model in two ways:
 *
 * - `computeOutputShape` writes the target height and width into the shape
 *   array it is given — `Layer.apply` hands it the input SymbolicTensor's own
 *   `shape` — so a model input feeding it is left declaring the *cropped*
 *   shape, and `predict`/`fit` refuse real data ("expected … to have shape");
 * - when the target is larger on an axis it upsizes, and `upsize` hands the
 *   raw `inputs` (the executor's list) to `resizeBilinear` ("x must be rank
 *   3 or 4, but got rank 1").
 *
 * The subclass side applies it to tensors and runs. Proof by counterfactual:
 * the case runs again with `computeOutputShape` computing on a copy and
 * `call` taking its one input out of the list; its divergences must vanish.
 */
export const centerCropFunctional: KnownCause = {
  id: 'center-crop-functional',
  fixture: 'fixtures/regressions/center-crop-*.json',
  summary:
    "tfjs's CenterCrop breaks a functional model: computeOutputShape overwrites its input's symbolic shape, and upsizing hands the input list to resizeBilinear",
  suspect: (r) => holdsLayer(r, 'centerCrop', 'CenterCrop'),
  counterfactual: {
    evidence:
      "gone when CenterCrop's computeOutputShape leaves its input's shape alone and its call takes its one input out of the list (rerun)",
    hooks: () =>
      patchLayerClass(() => tf.layers.centerCrop({ name: 'parity_check_probe', height: 1, width: 1 }), {
        computeOutputShape: (shape, original) => original(onlyShape(shape)),
        call: (inputs, kwargs, original) => original(onlyInput(inputs), kwargs),
      }),
  },
};
