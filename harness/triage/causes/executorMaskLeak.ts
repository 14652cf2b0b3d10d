import type { KnownCause } from '../KnownCause';
import { containersOf } from './containersOf';

type Apply = (inputs: unknown, kwargs?: Record<string, unknown>) => unknown;

/**
 * tfjs 4.22's functional executor (tfjs-layers engine/executor.ts,
 * `execute`) writes a node's input mask into the one kwargs object it
 * hands every node (`kwargs['mask'] = inputMasks[0]`) and never clears it,
 * so once a node receives a mask every later node is called with it,
 * whether or not its own inputs carry one.
 *
 * Proof by counterfactual: inside every model on either side, each layer's
 * call clears `kwargs.mask` when it returns (the executor sets it afresh
 * for a node whose inputs have a mask), and the case runs again.
 */
export const executorMaskLeak: KnownCause = {
  id: 'executor-mask-leak',
  fixture: 'fixtures/regressions/masking-mask-leaks-to-later-layers.json',
  summary:
    "tfjs's functional executor keeps calling every later layer with the last mask it saw (kwargs.mask is never cleared)",
  suspect: (r) => Object.values(r.facts?.layers ?? {}).some((ls) => ls?.some((l) => l.masks)),
  counterfactual: {
    evidence: "gone when the executor's kwargs.mask is cleared after each layer call (rerun)",
    hooks: () => ({
      afterConstruct(side) {
        for (const model of containersOf(side)) {
          for (const layer of model.layers) {
            const original = (layer as unknown as { apply: Apply }).apply;
            (layer as unknown as { apply: Apply }).apply = function (this: unknown, inputs, kwargs) {
              try {
                return original.call(this, inputs, kwargs);
              } finally {
                if (kwargs && typeof kwargs === 'object') delete kwargs.mask;
              }
            };
          }
        }
      },
    }),
  },
};
