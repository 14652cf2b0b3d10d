import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { renameKerasClass, type KerasLayers } from './kerasLayerConfigs';

/**
 * tfjs 4.22's `UpSampling2D` with `interpolation: 'bilinear'` resizes with `resizeBilinear(x, size)` — no corner
 * alignment and no half-pixel centres, TensorFlow 1's sampling — where Keras 3 (through `tf.image.resize`, as
 * Keras 2 on TensorFlow 2 did) samples at half-pixel centres: upsampling [1, 2] by 2 in width gives
 * [1, 1.5, 2, 2] in tfjs and [1, 1.25, 1.75, 2] in Keras. Both tfjs sides share it; only the Keras reference sees it.
 * `nearest` agrees (integer factors repeat either way).
 *
 * Proof by counterfactual: the Keras reference upsamples as tfjs does (`TfjsUpSampling2D`: TensorFlow's
 * `resize_bilinear` without half-pixel centres), and the case runs again.
 */
export const referenceUpsamplingBilinear: KnownCause = {
  id: 'upsampling-bilinear-half-pixel',
  fixture: 'fixtures/regressions/reference/upsampling-bilinear.json',
  summary: "tfjs's UpSampling2D bilinear samples without half-pixel centres (TensorFlow 1's resize), Keras 3 with them",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) => l.kind === 'upSampling2d' && l.config?.interpolation === 'bilinear'),
  counterfactual: {
    evidence: 'gone when the Keras reference upsamples as tfjs does, without half-pixel centres (rerun)',
    hooks: () => ({
      referenceModel: (model) => renameKerasClass(model.layers as KerasLayers, 'UpSampling2D', 'TfjsUpSampling2D'),
    }),
  },
};
