import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';
import { holdsLayer, onlyShape, patchLayerClass } from './patchLayerClass';

/**
 * tfjs 4.22's `CategoryEncoding` (tfjs-layers
 * layers/preprocessing/category_encoding.ts): `computeOutputShape` writes
 * `numTokens` into the last axis of the shape array it is given — the input
 * SymbolicTensor's own `shape` (`Layer.apply`) — so a model input feeding it
 * is left declaring `[numTokens]` ids, and `predict`/`fit` refuse the real
 * ones ("expected … to have shape"). Eager calls (the subclass side) never
 * read it.
 *
 * Proof by counterfactual: the case runs again with `computeOutputShape`
 * computing on a copy of its input shape; its divergences must vanish.
 */
export const categoryEncodingFunctional: KnownCause = {
  id: 'category-encoding-functional',
  fixture: 'fixtures/regressions/category-encoding-functional.json',
  summary:
    "tfjs's CategoryEncoding overwrites its input's symbolic shape with numTokens, so a functional model refuses the real ids",
  suspect: (r) => holdsLayer(r, 'categoryEncoding', 'CategoryEncoding'),
  counterfactual: {
    evidence: "gone when CategoryEncoding's computeOutputShape leaves its input's shape alone (rerun)",
    hooks: () =>
      patchLayerClass(() => tf.layers.categoryEncoding({ name: 'parity_check_probe', numTokens: 1 }), {
        computeOutputShape: (shape, original) => original(onlyShape(shape)),
      }),
  },
};
