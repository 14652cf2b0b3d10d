import { layersOf } from '../../construct/layersOf';
import type { KnownCause } from '../KnownCause';
import { applicationKey, stillAlive } from './repeatedApply';

type Apply = (inputs: unknown, kwargs?: Record<string, unknown>) => unknown;

/**
 * tfjs's functional executor (tfjs-layers engine/executor.ts, `execute`)
 * walks the sorted output SymbolicTensors and calls `sourceLayer.apply()`
 * once per output tensor, with no check that the layer's node already ran.
 * A layer with several outputs inside a `tf.model` — a multi-output custom
 * layer wrapped for `fit` — therefore runs once per output in every training
 * step: BatchNormalization updates its statistics twice, dropout and noise
 * draw twice.
 *
 * Proof by counterfactual: while `fit` runs, a multi-output layer called
 * again on the very tensors it just took returns what it just returned
 * (it runs once per step), and the case runs again.
 */
export const multiOutputFit: KnownCause = {
  id: 'multi-output-fit',
  fixture: 'fixtures/regressions/multi-output-*-fit.json',
  summary: "tfjs's functional executor runs a multi-output layer once per output in each fit step",
  suspect: (r) =>
    r.divergences.some((d) => d.checkpoint === 'fit') &&
    Object.values(r.facts?.fit ?? {}).some((ls) => ls?.some((l) => l.outputsPerNode > 1)),
  counterfactual: {
    evidence: 'gone when a multi-output layer runs once per fit step instead of once per output (rerun)',
    hooks: () => ({
      beforeFit(model) {
        const undo: (() => void)[] = [];
        for (const layer of layersOf(model)) {
          if (!layer.inboundNodes.some((n) => n.outputTensors.length > 1)) continue;
          const own = Object.prototype.hasOwnProperty.call(layer, 'apply');
          const original = (layer as unknown as { apply: Apply }).apply;
          let last: { key: string; out: unknown } | undefined;
          (layer as unknown as { apply: Apply }).apply = function (this: unknown, inputs, kwargs) {
            const key = applicationKey(inputs, kwargs);
            if (last && last.key === key && !key.includes('?') && stillAlive(last.out)) return last.out;
            const out = original.call(this, inputs, kwargs);
            last = { key, out };
            return out;
          };
          undo.push(() => {
            if (own) (layer as unknown as { apply: Apply }).apply = original;
            else delete (layer as unknown as { apply?: Apply }).apply;
          });
        }
        return () => undo.forEach((u) => u());
      },
    }),
  },
};
