import { layersOf } from '../../construct/layersOf';
import { tf } from '../../runtime/tf';
import type { KnownCause } from '../KnownCause';
import { applicationKey, KeptAnswer } from './repeatedApply';

type Apply = (inputs: unknown, kwargs?: Record<string, unknown>) => unknown;
type Call = (this: unknown, inputs: unknown, kwargs: Record<string, unknown>) => unknown;

/**
 * The same executor behaviour as `multi-output-fit`, met outside `fit`:
 * `tf.LayersModel.apply` on tensors goes through `Container.call`, which
 * hands the model's outputs to the functional executor (tfjs-layers
 * engine/container.ts → engine/executor.ts `execute`), and the executor
 * calls `sourceLayer.apply()` once per output tensor it needs. A layer
 * with several outputs in a functional model — a nested `tf.model`
 * returning two tensors, an RNN with `returnState` — therefore runs once
 * per output in every call: in a training-mode call its dropout and noise
 * draw again for each output (so its outputs come from different draws),
 * BatchNormalization moves its statistics once per output. The subclass
 * side calls each sublayer once.
 *
 * Proof by counterfactual: within one outermost model call, a multi-output
 * layer of a functional model called again on the very tensors it just
 * took, in the same mode, returns (a copy of) what it just returned — at
 * most once per further output, so a layer applied twice to the same
 * tensors (a shared block) still runs once per application; the case runs
 * again.
 */
export const multiOutputExecutor: KnownCause = {
  id: 'multi-output-executor',
  fixture: 'fixtures/regressions/multi-output-executor-*.json',
  summary:
    "tfjs's functional executor runs a multi-output layer (a nested model with two outputs, an RNN with returnState) once per output in every call of the model",
  suspect: (r) =>
    r.divergences.some((d) => d.checkpoint !== 'fit') &&
    (r.facts?.layers?.functional ?? []).some((l) => (l.outputsPerNode ?? 0) > 1),
  counterfactual: {
    evidence: 'gone when a multi-output layer runs once per model call instead of once per output (rerun)',
    hooks: () => {
      // One generation per outermost model call: a layer's answer is reused only within it.
      let generation = 0;
      let depth = 0;
      // Answers kept within the current outermost call, freed when it returns.
      const kept: KeptAnswer[] = [];
      const container = Object.getPrototypeOf(tf.LayersModel.prototype) as { call: Call };
      return {
        around: async <T>(run: () => Promise<T>): Promise<T> => {
          const original = container.call;
          container.call = function (this: unknown, inputs, kwargs) {
            if (depth === 0) generation++;
            depth++;
            try {
              return original.call(this, inputs, kwargs);
            } finally {
              depth--;
              if (depth === 0) kept.splice(0).forEach((k) => k.free());
            }
          };
          try {
            return await run();
          } finally {
            container.call = original;
          }
        },
        afterConstruct(side) {
          if (side.name !== 'functional') return;
          for (const layer of layersOf(side.net)) {
            if (!layer.inboundNodes.some((n) => n.outputTensors.length > 1)) continue;
            const outputs = Math.max(...layer.inboundNodes.map((n) => n.outputTensors.length));
            const original = (layer as unknown as { apply: Apply }).apply;
            let last: { key: string; answer: KeptAnswer; reuses: number } | undefined;
            (layer as unknown as { apply: Apply }).apply = function (this: unknown, inputs, kwargs) {
              const key = `${generation}|${applicationKey(inputs, kwargs)}`;
              // Symbolic applications (building the model) and calls outside a model call run as they are.
              if (depth > 0 && last && last.key === key && last.reuses > 0 && !key.includes('?')) {
                last.reuses--;
                return last.answer.again();
              }
              const out = original.call(this, inputs, kwargs);
              if (depth > 0 && !key.includes('?')) {
                last = { key, answer: new KeptAnswer(out), reuses: outputs - 1 };
                kept.push(last.answer);
              } else last = undefined;
              return out;
            };
          }
        },
      };
    },
  },
};
