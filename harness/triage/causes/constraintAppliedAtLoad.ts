import type { LayerSpec } from '../../architecture/types';
import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';

type Write = (this: { constraint: unknown }, value: unknown) => unknown;

/** Whether a spec layer's config names a weight constraint (`kernelConstraint`, `depthwiseConstraint` …). */
const constrained = (l: LayerSpec) =>
  Object.entries(l.config ?? {}).some(([k, v]) => k.endsWith('Constraint') && v !== undefined);

/**
 * tfjs applies a weight's constraint only when the weight is written
 * (`LayerVariable.write`: `setWeights`, and loading a saved model), never
 * after an optimizer step — Keras applies it after every step. A model
 * trained with a constraint holds weights outside it, so the model
 * `loadLayersModel` rebuilds from its own save computes something else:
 * a `reload` divergence of each side that keeps its constraint (and
 * between the sides when only one does, as a depthwiseConv2d's
 * functional side, whose getConfig loses it).
 *
 * Proof by counterfactual: the case runs again with `LayerVariable.write`
 * leaving the constraint out (loading then restores exactly what was saved).
 */
export const constraintAppliedAtLoad: KnownCause = {
  id: 'constraint-applied-at-load',
  fixture: 'fixtures/regressions/constraint-applied-at-load.json',
  summary:
    "tfjs applies a weight's constraint when a saved model is loaded but never while training, so a trained model with a constraint changes when reloaded",
  suspect: (r) =>
    r.divergences.some((d) => d.checkpoint === 'reload') && r.spec !== undefined && allLayers(r.spec).some(constrained),
  counterfactual: {
    evidence: 'gone when loading writes weights without applying their constraints (rerun)',
    hooks: () => {
      let restore: (() => void) | undefined;
      return {
        afterConstruct(side) {
          // LayerVariable is not exported: its prototype is read from a weight the case built.
          const weight = side.net.weights[0];
          if (restore || weight === undefined) return;
          const proto = Object.getPrototypeOf(weight) as { write: Write };
          const original = proto.write;
          proto.write = function (value) {
            const c = this.constraint;
            this.constraint = null;
            try {
              return original.call(this, value);
            } finally {
              this.constraint = c;
            }
          };
          restore = () => {
            proto.write = original;
          };
        },
        around: async <T>(run: () => Promise<T>): Promise<T> => {
          try {
            return await run();
          } finally {
            // Each run patches afresh: a case rerun on cpu after wasm lacked a kernel runs `around` again.
            restore?.();
            restore = undefined;
          }
        },
      };
    },
  },
};
