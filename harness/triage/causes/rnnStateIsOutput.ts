import type { Tensor } from '@tensorflow/tfjs';
import { layersOf } from '../../construct/layersOf';
import type { KnownCause } from '../KnownCause';

type Call = (inputs: unknown, kwargs: Record<string, unknown>) => unknown;
const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU', 'RNN']);

/**
 * A recurrent layer with `returnState` and without `returnSequences`
 * returns its output and its last state as ONE tensor object (tfjs-layers
 * layers/recurrent.ts: `RNN.call` returns `[output].concat(states)`, and the
 * last output is the last state). The functional executor counts the
 * consumers of each output separately and disposes a tensor once its own
 * consumers are done (engine/executor.ts, recipient counts), so when one
 * output's consumers finish first, the other's read a disposed tensor:
 * "Cannot read properties of undefined (reading 'backend')". Whether it
 * happens depends on the consumers (a dense or a nested model after the
 * first output, and anything after the second). The subclass side holds
 * its own references and never fails.
 *
 * Proof by counterfactual: such a layer returns a copy of its state where
 * the state is the output's very object (same values, one object per
 * output), and the case runs again.
 */
export const rnnStateIsOutput: KnownCause = {
  id: 'rnn-state-is-output',
  fixture: 'fixtures/regressions/rnn-return-state-disposed.json',
  summary:
    "a returnState RNN returns its output and last state as one tensor, and tfjs's functional executor disposes it when the first of the two is done with",
  // Also suspected beside a divergence: a rerun where such a layer runs once per model call
  // (multi-output-executor's counterfactual) meets this behaviour where the original, rerunning the layer for each
  // output, did not — the two are then proven together or not at all.
  suspect: (r) =>
    (r.errors.some((e) => e.side === 'functional') || r.divergences.length > 0) &&
    (r.facts?.layers?.functional ?? []).some((l) => RECURRENT.has(l.className) && (l.outputsPerNode ?? 0) > 1),
  counterfactual: {
    evidence: 'gone when the layer returns its state as a tensor of its own (rerun)',
    hooks: () => ({
      afterConstruct(side) {
        for (const layer of layersOf(side.net)) {
          if (!RECURRENT.has(layer.getClassName())) continue;
          const original = (layer as unknown as { call: Call }).call.bind(layer);
          (layer as unknown as { call: Call }).call = (inputs, kwargs) => {
            const out = original(inputs, kwargs);
            if (!Array.isArray(out)) return out;
            return out.map((t: Tensor, k) => (k > 0 && out.slice(0, k).includes(t) ? t.clone() : t));
          };
        }
      },
    }),
  },
};
