import type { Tensor, Variable } from '@tensorflow/tfjs';
import { compareActivations, compareSets } from '../compare/compareSets';
import { rnnStateValues } from '../construct/rnnStates';
import type { Side, SideName } from '../construct/Side';
import { activity } from '../runtime/activity';
import { LiveSnapshot } from '../runtime/liveCounts';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData, type TensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import type { BuildState, CaseData } from './CaseData';
import type { CaseConfig } from './CaseConfig';
import type { CaseRecorder } from './CaseRecorder';
import { runsTo } from './checkpointOrder';
import { valuesOf, type KeyedWeights } from './inventoryOf';
import { bothNonFinite } from './nonFinite';
import { onBothSides, userPath } from './onBothSides';
import { rnnStateDivergences } from './rnnStateDivergences';

const list = (t: Tensor | Tensor[]) => (Array.isArray(t) ? t : [t]);

/**
 * `forward` and `forward-training`: one call each in inference and in
 * training mode — outputs, every node's activation (spec cases), the state
 * a training-mode call moved, and what the call left alive. Returns false
 * when a side threw (the case cannot go on).
 */
export async function forwardCheckpoints(
  sides: Record<SideName, Side>,
  data: CaseData,
  state: BuildState,
  config: CaseConfig,
  rec: CaseRecorder,
): Promise<boolean> {
  const { inv, reported } = state;
  const arg = data.inputs.length === 1 ? data.inputs[0] : data.inputs;
  const inputs = new Set(data.inputs);
  const inference: Partial<Record<SideName, Map<string, TensorData>>> = {};
  for (const training of [false, true]) {
    const cp = training ? 'forward-training' : 'forward';
    if (!runsTo(data.until, cp)) return false;
    activity(cp);
    const outs = await onBothSides((s) => {
      // Training-mode calls update state (BatchNorm statistics): it is compared
      // right after the call, then undone, so later checkpoints start alike.
      const saved = training ? snapshot(inv[s]) : undefined;
      try {
        seedGlobalRandom(`${config.seed}:${cp}`);
        // The call as a user makes it — no tidy around it — so whatever it
        // leaves alive is counted, not swept away.
        const before = new LiveSnapshot();
        const y = list(userPath(() => sides[s].net.apply(arg, { training })) as Tensor | Tensor[]);
        const out = named(data.outputNames, y);
        tf.dispose(y.filter((t) => !inputs.has(t)));
        const left = before.leftSince(userPath(() => sides[s].net.weights).map((w) => w.name));
        const state = training ? valuesOf(inv[s], false) : undefined;
        const rnn = rnnStateValues(sides[s].net);
        const acts = sides[s].activations
          ? (seedGlobalRandom(`${config.seed}:${cp}:nodes`),
            userPath(() => tf.tidy(() => sides[s].activations!(data.inputs, training))))
          : undefined;
        const actData = acts && new Map(Object.entries(acts).map(([k, t]) => [k, tensorData(t)]));
        if (acts) tf.dispose(Object.values(acts).filter((t) => !inputs.has(t)));
        return { y: out, left, state, rnn, acts: actData };
      } finally {
        if (saved) restore(inv[s], saved);
      }
    });
    if (rec.probed(cp, outs)) return false;
    const [a, b] = [outs.values.subclass!, outs.values.functional!];
    if (!training) Object.assign(inference, { subclass: a.y, functional: b.y });
    else
      rec.facts.trainingIgnored = {
        subclass: sameValues(inference.subclass!, a.y),
        functional: sameValues(inference.functional!, b.y),
      };
    rec.diverge(...compareSets('forward', cp, a.y, b.y, config.tolerance, { kind: 'forward', what: 'output' }));
    if (a.acts && b.acts && data.nodeOrder)
      rec.diverge(...compareActivations(cp, data.nodeOrder, a.acts, b.acts, config.tolerance));
    // What the training-mode call did to the state (BatchNorm's statistics
    // move): variables non-trainable on both sides. A trainability mismatch
    // was named at init, and trainable weights are compared after each step.
    if (a.state && b.state) {
      const trainable = new Set(
        [...inv.subclass.entries, ...inv.functional.entries].filter((e) => e.trainable).map((e) => e.key),
      );
      const stateOnly = (m: Map<string, TensorData>) => new Map([...m].filter(([key]) => !trainable.has(key)));
      rec.diverge(
        ...compareSets('state', cp, stateOnly(a.state), stateOnly(b.state), config.tolerance, {
          kind: 'inventory',
          what: 'variable',
          reported,
        }),
      );
    }
    // What the call carried into the next one (a stateful RNN's states): state of its own, not a weight.
    rec.diverge(...rnnStateDivergences(cp, a.rnn, b.rnn, config));
    rec.resourcesAt(cp, a.left, b.left, `one ${training ? 'training' : 'inference'} call`);
    const nan = bothNonFinite(a.y, b.y);
    if (nan) rec.markUninformative(`outputs at ${cp}: ${nan}`);
    rec.reached(cp);
  }

  return true;
}

/** Whether two sets of outputs are bit for bit the same (NaN equal to NaN). */
function sameValues(a: Map<string, TensorData>, b: Map<string, TensorData>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (!y || x.values.length !== y.values.length) return false;
    for (let i = 0; i < x.values.length; i++) if (!Object.is(x.values[i], y.values[i])) return false;
  }
  return true;
}

function named(names: string[], ts: Tensor[]): Map<string, TensorData> {
  return new Map(ts.map((t, i) => [names[i] ?? `output[${i}]`, tensorData(t)]));
}

function snapshot(k: KeyedWeights): Tensor[] {
  return k.entries.map((e) => tf.clone(e.weight.read()));
}

/**
 * Puts the values back with the variable's own `assign`, never
 * `LayerVariable.write`: `write` applies the weight's constraint, which no
 * user step takes here — a constraint on one side would then show where the
 * user never sees it (rule 8: the harness leaves the model as the user's
 * code would).
 */
function restore(k: KeyedWeights, saved: Tensor[]): void {
  k.entries.forEach((e, i) => (e.weight.read() as Variable).assign(saved[i]));
  tf.dispose(saved);
}
