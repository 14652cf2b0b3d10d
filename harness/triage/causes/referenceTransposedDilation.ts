import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { eachKerasConfig, type KerasLayers } from './kerasLayerConfigs';

const TRANSPOSED = new Set(['conv2dTranspose', 'conv3dTranspose']);
const KERAS_TRANSPOSED = new Set(['Conv2DTranspose', 'Conv3DTranspose']);
const dilated = (v: unknown) => (Array.isArray(v) ? v.some((d) => d !== 1) : v !== undefined && v !== 1);

/**
 * tfjs 4.22's Conv2DTranspose and Conv3DTranspose accept `dilationRate` and ignore it: `call` hands no dilation to
 * `conv2dTranspose`/`conv3dTranspose` (the ops take none), `computeOutputShape` leaves it out, and
 * `Conv2DTranspose.getConfig` deletes it (tfjs-layers layers/convolutional.ts). The layer computes the undilated
 * transposed convolution, shape and values; Keras 3 dilates. Both tfjs sides share it; only the Keras reference sees
 * it (README findings: "conv2dTranspose and conv3dTranspose take dilationRate and ignore it").
 *
 * Proof by counterfactual: the Keras reference runs every transposed convolution undilated, as tfjs does, and the
 * case runs again.
 */
export const referenceTransposedDilation: KnownCause = {
  id: 'transposed-dilation-ignored',
  fixture: 'fixtures/regressions/reference/transposed-dilation.json',
  summary:
    "tfjs's Conv2DTranspose and Conv3DTranspose ignore dilationRate: they compute the undilated transposed convolution (Keras dilates)",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) => TRANSPOSED.has(l.kind) && dilated(l.config?.dilationRate)),
  counterfactual: {
    evidence: 'gone when the Keras reference runs its transposed convolutions undilated, as tfjs does (rerun)',
    hooks: () => ({
      referenceModel: (model) =>
        eachKerasConfig(model.layers as KerasLayers, (config, kerasClass) => {
          if (KERAS_TRANSPOSED.has(kerasClass)) config.dilation_rate = 1;
        }),
    }),
  },
};
