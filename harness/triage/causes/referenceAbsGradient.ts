import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { eachKerasConfig, type KerasLayers } from './kerasLayerConfigs';

/** Whether a spec config value is a regularizer with an L1 term. */
const hasL1 = (v: unknown) => typeof v === 'object' && v !== null && Number((v as { l1?: number }).l1 ?? 0) > 0;

/**
 * tfjs 4.22's gradient of `abs` is `dy · step(x, −1)` (tfjs-core gradients/Abs_grad.ts): −1 where x is 0, where
 * TensorFlow's (`sign(x)`) is 0. An L1 regularizer sums `abs` of its weight, so every element of a weight that is
 * exactly 0 — a bias initialised to zeros, as every bias is by default — gets −l1 of extra gradient in tfjs and none
 * in Keras: the gradients (and every step after) differ by exactly l1 on those elements, on every backend.
 *
 * Proof by counterfactual: the Keras reference runs again with each L1 regularizer's `abs` given tfjs's gradient
 * (`TfjsL1L2` in tools/keras/keras_reference.py; its value is Keras's own), and the divergences must vanish with
 * nothing else moving.
 */
export const referenceAbsGradient: KnownCause = {
  id: 'abs-gradient-at-zero',
  fixture: 'fixtures/regressions/reference/abs-gradient-at-zero.json',
  summary:
    "tfjs's abs gradient is −1 at 0 (TensorFlow's is 0), so an L1 regularizer on a weight with zero elements (a zero-initialised bias) adds −l1 to their gradients",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras' && d.checkpoint !== 'forward' && d.checkpoint !== 'loss') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) =>
      Object.entries(l.config ?? {}).some(([k, v]) => k.endsWith('Regularizer') && hasL1(v)),
    ),
  counterfactual: {
    evidence: "gone when the Keras reference's L1 regularizers take tfjs's abs gradient (−1 at 0) (rerun)",
    hooks: () => ({
      referenceModel: (model) =>
        eachKerasConfig(model.layers as KerasLayers, (config) => {
          for (const [k, v] of Object.entries(config))
            if (k.endsWith('_regularizer') && typeof v === 'object' && v !== null && '__regularizer__' in v)
              // A new object: the translation hands the spec's own regularizer config through, and the tfjs model
              // is built from that spec — mutating it would change tfjs's side too.
              config[k] = {
                __regularizer__: { ...(v as { __regularizer__: object }).__regularizer__, tfjs_abs: true },
              };
        }),
    }),
  },
};
