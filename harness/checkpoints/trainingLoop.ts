import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { compareSets } from '../compare/compareSets';
import { rnnStateValues } from '../construct/rnnStates';
import { rnnStateDivergences } from './rnnStateDivergences';
import { SIDES, type Side, type SideName } from '../construct/Side';
import { activity } from '../runtime/activity';
import { LiveSnapshot } from '../runtime/liveCounts';
import { dataLoss } from '../runtime/losses';
import { makeOptimizer } from '../runtime/makeOptimizer';
import { heldByOptimizer } from '../runtime/optimizerState';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData, type TensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import type { BuildState, CaseData } from './CaseData';
import type { CaseConfig } from './CaseConfig';
import type { CaseRecorder } from './CaseRecorder';
import { runsTo } from './checkpointOrder';
import { weightsPoint } from './Evolution';
import { compareVariables, inventoryOf } from './inventoryOf';
import { bothNonFinite } from './nonFinite';
import { onBothSides, userPath } from './onBothSides';
import { slotsOf } from './slotsOf';
import { applyTrainableChanges } from './trainableChanges';

type Optimizer = ReturnType<typeof makeOptimizer>;
const list = (t: Tensor | Tensor[]) => (Array.isArray(t) ? t : [t]);

/**
 * `loss`, `gradients` and `step-1` … `step-k`: the custom training loop
 * (`tf.variableGrads`, then `applyGradients`, one optimizer per side unless
 * the pair's loop shares one), comparing the loss, every gradient, every
 * variable, the optimizer slots and what each step left alive. Stops at
 * the first step where a side throws.
 */
export async function trainingLoop(
  sides: Record<SideName, Side>,
  data: CaseData,
  state: BuildState,
  config: CaseConfig,
  rec: CaseRecorder,
): Promise<void> {
  const { keys, inv, reported } = state;
  const arg = data.inputs.length === 1 ? data.inputs[0] : data.inputs;
  const shared = data.loop?.sharedOptimizer === true;
  const first = makeOptimizer(config.optimizer, config.optimizerOptions);
  const opts: Record<SideName, Optimizer> = {
    subclass: first,
    functional: shared ? first : makeOptimizer(config.optimizer, config.optimizerOptions),
  };
  const flag = (s: SideName) => data.loop?.training?.[s] ?? true;
  const penalties: Partial<Record<SideName, number>> = {};
  rec.facts.loop = {
    training: { subclass: flag('subclass'), functional: flag('functional') },
    sharedOptimizer: shared,
    penalties,
  };
  try {
    for (let step = 1; step <= config.steps; step++) {
      const cp = `step-${step}`;
      if (!runsTo(data.until, step === 1 ? 'loss' : cp)) return;
      activity(step === 1 ? 'loss' : cp);
      if (data.schedule && step > 1) {
        // The user's line between two steps; the variable lists below are read afresh after it.
        for (const n of applyTrainableChanges(sides, data.schedule, step)) rec.note(n);
        for (const s of SIDES)
          inv[s] = inventoryOf(sides[s], sides[s].keys ?? (s === 'subclass' ? keys.sub : keys.fun));
      }
      const r = await onBothSides(async (s) => {
        const net = sides[s].net;
        // tfjs optimizers keep slots by position in the gradient list, so
        // both sides list their variables in one order: by key. A shared
        // optimizer gets each side's own order, as a user's script would.
        const trainable = inv[s].entries.filter((e) => e.trainable);
        const vars = shared ? trainable : trainable.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
        seedGlobalRandom(`${config.seed}:${cp}`);
        const before = new LiveSnapshot();
        const lossOf = () => {
          const y = list((flag(s) ? net.apply(arg, { training: true }) : net.apply(arg)) as Tensor | Tensor[]);
          const reg = net.calculateLosses();
          if (step === 1) penalties[s] = reg.length;
          const d = dataLoss(config.loss, data.targets, y);
          return reg.length > 0 ? tf.addN([d, ...reg]) : d;
        };
        // The user's step: the loss and its gradients. A trainable variable the
        // loss does not reach (a weight used only at inference) has no gradient:
        // that is compared as such — never a crash of the harness. A side that
        // exposes no trainable variable at all fails here as a user's
        // `tf.variableGrads` over its trainable weights does.
        const weights = vars.map((v) => v.weight.read() as Variable);
        const { value, grads } = userPath(() =>
          weights.length > 0
            ? tf.engine().gradients(lossOf, weights, undefined, true)
            : { ...tf.variableGrads(lossOf as () => Scalar, []), grads: [] as Tensor[] },
        );
        const loss = tensorData(value);
        const withGrad = vars
          .map((v, i) => ({ v, g: grads[i] }))
          .filter((x): x is { v: (typeof vars)[number]; g: Tensor } => x.g !== undefined);
        const g = new Map(withGrad.map(({ v, g }) => [v.key, tensorData(g)]));
        const without = vars.filter((_, i) => grads[i] === undefined).map((v) => v.key);
        if (withGrad.length > 0)
          userPath(() => opts[s].applyGradients(withGrad.map(({ v, g }) => ({ name: v.tfName, tensor: g }))));
        tf.dispose([value, ...withGrad.map(({ g }) => g)]);
        // Slots the optimizer created are its own, not something the model left behind.
        const left = before.leftSince([...net.weights.map((w) => w.name), ...heldByOptimizer(opts[s])]);
        return {
          loss,
          grads: g,
          without,
          left,
          rnn: rnnStateValues(net),
          slots: shared ? new Map<string, TensorData>() : await slotsOf(opts[s], inv[s]),
        };
      });
      if (rec.probed(step === 1 ? 'loss' : cp, r)) return;
      const [a, b] = [r.values.subclass!, r.values.functional!];
      const neither = a.without.filter((k) => b.without.includes(k));
      if (step === 1 && neither.length > 0)
        rec.note(
          `no gradient on either side for ${neither.join(', ')}: trainable, but the training loss does not reach ${neither.length === 1 ? 'it' : 'them'} (compared as such)`,
        );
      const lossCp = step === 1 ? 'loss' : cp;
      const lossSets = [new Map([['loss', a.loss]]), new Map([['loss', b.loss]])] as const;
      rec.diverge(...compareSets('loss', lossCp, lossSets[0], lossSets[1], config.tolerance));
      rec.lossAt(step, a.loss.values[0], b.loss.values[0]);
      const nan = bothNonFinite(lossSets[0], lossSets[1]);
      if (nan) rec.markUninformative(`loss at ${lossCp}: non-finite on both sides`);
      if (step === 1) rec.reached('loss');
      // A variable named one-sided by the inventory has no gradient on the other side either: named once.
      rec.diverge(
        ...compareSets('gradient', step === 1 ? 'gradients' : cp, a.grads, b.grads, config.tolerance, {
          kind: 'gradient',
          what: 'gradient',
          reported: new Set(reported),
        }),
      );
      if (step === 1) rec.reached('gradients');
      // The inventory again: a side that creates weights during training shows
      // them now, not never. Spec keys are read afresh; pair keys stay those
      // of the initial alignment (values have moved since), so a new weight
      // is unkeyed and named.
      for (const s of SIDES) inv[s] = inventoryOf(sides[s], sides[s].keys ?? (s === 'subclass' ? keys.sub : keys.fun));
      const found = compareVariables(cp, inv.subclass, inv.functional, config.tolerance, reported);
      rec.diverge(...found);
      rec.weightsAt(weightsPoint(cp, inv.subclass, inv.functional, found));
      if (!shared)
        rec.diverge(
          ...compareSets('slot', cp, a.slots, b.slots, config.tolerance, { kind: 'slot', what: 'optimizer slot' }),
        );
      rec.diverge(...rnnStateDivergences(cp, a.rnn, b.rnn, config));
      rec.resourcesAt(cp, a.left, b.left, 'one training step (optimizer slots aside)');
      rec.reached(cp);
    }
  } finally {
    opts.subclass.dispose();
    if (!shared) opts.functional.dispose();
  }
}
