import type { KnownCause } from '../KnownCause';
import { savesWith } from './savesWith';

/**
 * tfjs 4.22's `SeparableConv.getConfig` never writes `depthMultiplier`
 * (tfjs-layers layers/convolutional.ts), so a saved SeparableConv2D with a
 * depth multiplier other than 1 is rebuilt with 1, and loading its depthwise
 * kernel fails on the shape.
 *
 * Proof by counterfactual: every SeparableConv2D saves its depthMultiplier,
 * and the case runs again.
 */
export const separableDepthMultiplier: KnownCause = {
  id: 'separable-depth-multiplier-not-saved',
  fixture: 'fixtures/regressions/separable-depth-multiplier-reload.json',
  summary:
    "tfjs's SeparableConv.getConfig leaves out depthMultiplier, so a reloaded model has kernels of the wrong shape",
  suspect: (r) =>
    r.divergences.some((d) => d.checkpoint === 'reload') &&
    Object.values(r.facts?.layers ?? {}).some((ls) => ls?.some((l) => l.className === 'SeparableConv2D')),
  counterfactual: {
    evidence: 'gone when SeparableConv2D saves its depthMultiplier (rerun)',
    hooks: () =>
      savesWith('SeparableConv2D', (layer) => ({
        depthMultiplier: (layer as unknown as { depthMultiplier: number }).depthMultiplier,
      })),
  },
};
