import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { eachKerasConfig, type KerasLayers } from './kerasLayerConfigs';

/** Removes every weight constraint from the Keras layers, nested blocks and wrapped layers included. */
function unconstrain(layers: KerasLayers): void {
  eachKerasConfig(layers, (config) => {
    for (const k of Object.keys(config)) if (k.endsWith('_constraint')) delete config[k];
  });
}

/**
 * tfjs 4.22 never applies a weight constraint while training: a
 * `LayerVariable` applies it only in `write` (setWeights, loading a saved
 * model), and an optimizer step assigns the variable directly — although
 * tfjs's own `variable()` documents the constraint as "applied after every
 * update". Keras applies it after every optimizer step. Forward, loss and
 * gradients agree; a step where the constraint binds does not.
 *
 * Proof by counterfactual: the Keras reference runs without its
 * constraints, as tfjs trains, and the case runs again.
 */
export const referenceConstraintIgnored: KnownCause = {
  id: 'constraint-ignored-in-training',
  fixture: 'fixtures/regressions/reference/constraint-ignored-in-training.json',
  summary: 'tfjs never applies a weight constraint after an optimizer step (Keras applies it after every step)',
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras' && d.checkpoint.startsWith('step-')) &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) =>
      Object.entries(l.config ?? {}).some(([k, v]) => k.endsWith('Constraint') && v !== undefined),
    ),
  counterfactual: {
    evidence: 'gone when the Keras reference trains without its constraints, as tfjs does (rerun)',
    hooks: () => ({ referenceModel: (model) => unconstrain(model.layers as KerasLayers) }),
  },
};
