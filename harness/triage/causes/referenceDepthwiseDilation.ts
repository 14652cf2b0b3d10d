import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { eachKerasConfig, type KerasLayers } from './kerasLayerConfigs';

const dilated = (v: unknown) => (Array.isArray(v) ? v.some((d) => d !== 1) : v !== undefined && v !== 1);

/**
 * tfjs 4.22's DepthwiseConv2D ignores `dilationRate`: its `call` passes no
 * dilation to the depthwise convolution ("TODO(cais): Add support for
 * dilation", tfjs-layers layers/convolutional_depthwise.ts) and its
 * `computeOutputShape` leaves it out, so the layer computes the undilated
 * convolution, shape and values. Both tfjs sides share it; only the Keras
 * reference sees it.
 *
 * Proof by counterfactual: the Keras reference runs every DepthwiseConv2D
 * undilated (`dilation_rate` 1), as tfjs does, and the case runs again.
 */
export const referenceDepthwiseDilation: KnownCause = {
  id: 'depthwise-dilation-ignored',
  fixture: 'fixtures/regressions/reference/depthwise-dilation.json',
  summary: "tfjs's DepthwiseConv2D ignores dilationRate: it computes the undilated convolution (Keras dilates)",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) => l.kind === 'depthwiseConv2d' && dilated(l.config?.dilationRate)),
  counterfactual: {
    evidence: 'gone when the Keras reference runs DepthwiseConv2D undilated, as tfjs does (rerun)',
    hooks: () => ({
      // Nested blocks and wrapped layers too: a depthwise layer inside a block shows at the block's node.
      referenceModel: (model) =>
        eachKerasConfig(model.layers as KerasLayers, (config, kerasClass) => {
          if (kerasClass === 'DepthwiseConv2D') config.dilation_rate = 1;
        }),
    }),
  },
};
