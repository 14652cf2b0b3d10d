import type { KnownCause } from '../KnownCause';
import { savesWith } from './savesWith';

type Serializable = { getClassName(): string; getConfig(): Record<string, unknown> } | null | undefined;
const serialize = (c: Serializable) => (c ? { className: c.getClassName(), config: c.getConfig() } : null);

/**
 * tfjs 4.22's `DepthwiseConv2D.getConfig` writes
 * `serializeConstraint(this.depthwiseRegularizer)` under
 * `depthwiseConstraint` (tfjs-layers layers/convolutional_depthwise.ts), so
 * a saved model with a depthwise regularizer rebuilds the layer with the
 * regularizer as its kernel constraint, and loading its weights fails.
 *
 * Proof by counterfactual: every DepthwiseConv2D saves its own constraint
 * under that key, and the case runs again.
 */
export const depthwiseRegularizerAsConstraint: KnownCause = {
  id: 'depthwise-regularizer-as-constraint',
  fixture: 'fixtures/regressions/depthwise-regularizer-reload.json',
  summary:
    "tfjs's DepthwiseConv2D.getConfig saves its depthwiseRegularizer as its depthwiseConstraint too, so a reloaded model fails",
  suspect: (r) =>
    r.divergences.some((d) => d.checkpoint === 'reload') &&
    Object.values(r.facts?.layers ?? {}).some((ls) => ls?.some((l) => l.className === 'DepthwiseConv2D')),
  counterfactual: {
    evidence: 'gone when DepthwiseConv2D saves its own depthwiseConstraint (rerun)',
    hooks: () =>
      savesWith('DepthwiseConv2D', (layer) => ({
        depthwiseConstraint: serialize((layer as unknown as { depthwiseConstraint: Serializable }).depthwiseConstraint),
      })),
  },
};
