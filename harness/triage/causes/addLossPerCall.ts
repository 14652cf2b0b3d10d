import { allLayers } from '../../architecture/nestedSpecs';
import { layersOf } from '../../construct/layersOf';
import type { KnownCause } from '../KnownCause';

type Call = (inputs: unknown, kwargs?: Record<string, unknown>) => unknown;

/**
 * tfjs 4.22's `Layer.addLoss` appends to the layer's losses and nothing
 * ever clears them (tfjs-layers engine/topology.ts), so a layer whose
 * `call()` adds a loss — as user code ported from Keras's
 * `self.add_loss(…)` does — holds one more penalty after every call, and
 * `calculateLosses()` returns them all. Keras resets call-time losses at
 * each call. The two constructions call such a layer a different number of
 * times (the subclass traces `call()` at build, a symbolic application
 * runs none), so their regularization losses differ by whole penalties —
 * and so do their gradients and every step after.
 *
 * Proof by counterfactual: every layer on either side starts each `call()`
 * without the losses its earlier calls added (Keras's reset; losses added
 * outside `call()`, as a weight regularizer's at build, are kept), and the
 * case runs again.
 */
export const addLossPerCall: KnownCause = {
  id: 'add-loss-per-call',
  fixture: 'fixtures/regressions/add-loss-per-call.json',
  summary:
    "tfjs's Layer.addLoss in call() appends one more loss per call and never clears them, so the sides' losses differ by the calls each made",
  suspect: (r) => r.spec !== undefined && allLayers(r.spec).some((l) => l.kind === 'penalizedScale'),
  counterfactual: {
    evidence: "gone when each call() starts without the losses the layer's earlier calls added, as in Keras (rerun)",
    hooks: () => ({
      afterConstruct(side) {
        for (const layer of [side.net, ...layersOf(side.net)]) {
          const l = layer as unknown as { call: Call; losses: unknown[] };
          const original = l.call;
          let added: unknown[] = [];
          l.call = function (this: unknown, inputs, kwargs) {
            // Drop what the previous call added (kept: losses added outside call(), e.g. at build).
            for (const loss of added) {
              const i = l.losses.indexOf(loss);
              if (i >= 0) l.losses.splice(i, 1);
            }
            const before = new Set(l.losses);
            try {
              return original.call(this, inputs, kwargs);
            } finally {
              added = l.losses.filter((x) => !before.has(x));
            }
          };
        }
      },
    }),
  },
};
