import type { Tensor, Variable } from '@tensorflow/tfjs';
import { compareActivations, compareSets } from '../compare/compareSets';
import type { PairLoop } from '../construct/PairModule';
import { SIDES, type Side, type SideName } from '../construct/Side';
import { LiveSnapshot } from '../runtime/liveCounts';
import { dataLoss } from '../runtime/losses';
import { makeOptimizer } from '../runtime/makeOptimizer';
import { heldByOptimizer } from '../runtime/optimizerState';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData, type TensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import type { CaseConfig } from './CaseConfig';
import type { CaseRecorder } from './CaseRecorder';
import { compareVariables, inventoryOf, valuesOf, type KeyedWeights } from './inventoryOf';
import { keysFor } from './keysFor';
import { bothNonFinite } from './nonFinite';
import { onBothSides } from './onBothSides';
import { slotsOf } from './slotsOf';

type Optimizer = ReturnType<typeof makeOptimizer>;
const list = (t: Tensor | Tensor[]) => (Array.isArray(t) ? t : [t]);

/** Inputs, targets and names shared by both sides of a case. */
export interface CaseData {
  inputs: Tensor[];
  targets: Tensor[];
  /** Names of the outputs (spec output node ids, or `output[i]`). */
  outputNames: string[];
  /** Node ids in topological order (spec cases), for activations. */
  nodeOrder?: string[];
  /** A pair module's training-script options. */
  loop?: PairLoop;
}

/**
 * `init`, `forward`, `forward-training`, `loss`, `gradients` and
 * `step-1` … `step-k` on one pair of built sides, recording into `rec`.
 * Stops at the first checkpoint where a side throws. Returns the keys it
 * aligned the sides by (a fresh build for `fit` is keyed from them).
 */
export async function trainingCheckpoints(sides: Record<SideName, Side>, data: CaseData, config: CaseConfig, rec: CaseRecorder): Promise<{ sub: Map<string, string>; fun: Map<string, string> }> {
  const keys = keysFor(sides.subclass, sides.functional);
  const inv: Record<SideName, KeyedWeights> = { subclass: inventoryOf(sides.subclass, keys.sub), functional: inventoryOf(sides.functional, keys.fun) };
  // One-sided variables are named once per build, at the first checkpoint that sees them.
  const reported = new Set<string>();
  rec.diverge(...compareVariables('init', inv.subclass, inv.functional, config.tolerance, reported));
  for (const s of SIDES) for (const text of identicalStarts(inv[s])) rec.note(`${s} side: ${text}`);
  rec.reached('init');

  const arg = data.inputs.length === 1 ? data.inputs[0] : data.inputs;
  const inputs = new Set(data.inputs);
  for (const training of [false, true]) {
    const cp = training ? 'forward-training' : 'forward';
    const outs = await onBothSides((s) => {
      // Training-mode calls update state (BatchNorm statistics): it is compared
      // right after the call, then undone, so later checkpoints start alike.
      const saved = training ? snapshot(inv[s]) : undefined;
      try {
        seedGlobalRandom(`${config.seed}:${cp}`);
        // The call as a user makes it — no tidy around it — so whatever it
        // leaves alive is counted, not swept away.
        const before = new LiveSnapshot();
        const y = list(sides[s].net.apply(arg, { training }) as Tensor | Tensor[]);
        const out = named(data.outputNames, y);
        tf.dispose(y.filter((t) => !inputs.has(t)));
        const left = before.leftSince(sides[s].net.weights.map((w) => w.name));
        const state = training ? valuesOf(inv[s], false) : undefined;
        const acts = sides[s].activations
          ? (seedGlobalRandom(`${config.seed}:${cp}:nodes`), tf.tidy(() => sides[s].activations!(data.inputs, training)))
          : undefined;
        const actData = acts && new Map(Object.entries(acts).map(([k, t]) => [k, tensorData(t)]));
        if (acts) tf.dispose(Object.values(acts).filter((t) => !inputs.has(t)));
        return { y: out, left, state, acts: actData };
      } finally {
        if (saved) restore(inv[s], saved);
      }
    });
    if (rec.sideErrors(cp, outs.errors)) return keys;
    const [a, b] = [outs.values.subclass!, outs.values.functional!];
    if (!training) rec.facts.outputs = { subclass: a.y.size, functional: b.y.size };
    rec.diverge(...compareSets('forward', cp, a.y, b.y, config.tolerance, { kind: 'forward', what: 'output' }));
    if (a.acts && b.acts && data.nodeOrder) rec.diverge(...compareActivations(cp, data.nodeOrder, a.acts, b.acts, config.tolerance));
    // What the training-mode call did to the state (BatchNorm's statistics
    // move): variables non-trainable on both sides. A trainability mismatch
    // was named at init, and trainable weights are compared after each step.
    if (a.state && b.state) {
      const trainable = new Set([...inv.subclass.entries, ...inv.functional.entries].filter((e) => e.trainable).map((e) => e.key));
      const stateOnly = (m: Map<string, TensorData>) => new Map([...m].filter(([key]) => !trainable.has(key)));
      rec.diverge(...compareSets('state', cp, stateOnly(a.state), stateOnly(b.state), config.tolerance, { kind: 'inventory', what: 'variable', reported }));
    }
    rec.resourcesAt(cp, a.left, b.left, `one ${training ? 'training' : 'inference'} call`);
    const nan = bothNonFinite(a.y, b.y);
    if (nan) rec.markUninformative(`outputs at ${cp}: ${nan}`);
    rec.reached(cp);
  }

  const shared = data.loop?.sharedOptimizer === true;
  const first = makeOptimizer(config.optimizer, config.optimizerOptions);
  const opts: Record<SideName, Optimizer> = { subclass: first, functional: shared ? first : makeOptimizer(config.optimizer, config.optimizerOptions) };
  const flag = (s: SideName) => data.loop?.training?.[s] ?? true;
  try {
    for (let step = 1; step <= config.steps; step++) {
      const cp = `step-${step}`;
      const r = await onBothSides(async (s) => {
        const net = sides[s].net;
        // tfjs optimizers keep slots by position in the gradient list, so
        // both sides list their variables in one order: by key. A shared
        // optimizer gets each side's own order, as a user's script would.
        const trainable = inv[s].entries.filter((e) => e.trainable);
        const vars = shared ? trainable : trainable.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
        seedGlobalRandom(`${config.seed}:${cp}`);
        const before = new LiveSnapshot();
        const { value, grads } = tf.variableGrads(() => {
          const y = list((flag(s) ? net.apply(arg, { training: true }) : net.apply(arg)) as Tensor | Tensor[]);
          const reg = net.calculateLosses();
          const d = dataLoss(config.loss, data.targets, y);
          return (reg.length > 0 ? tf.addN([d, ...reg]) : d) as any;
        }, vars.map((v) => v.weight.read() as Variable));
        const loss = tensorData(value);
        const g = new Map(vars.map((v) => [v.key, tensorData(grads[v.tfName])]));
        opts[s].applyGradients(vars.map((v) => ({ name: v.tfName, tensor: grads[v.tfName] })));
        tf.dispose([value, ...Object.values(grads)]);
        // Slots the optimizer created are its own, not something the model left behind.
        const left = before.leftSince([...net.weights.map((w) => w.name), ...heldByOptimizer(opts[s])]);
        return { loss, grads: g, left, slots: shared ? new Map<string, TensorData>() : await slotsOf(opts[s], inv[s]) };
      });
      if (rec.sideErrors(step === 1 ? 'loss' : cp, r.errors)) return keys;
      const [a, b] = [r.values.subclass!, r.values.functional!];
      const lossCp = step === 1 ? 'loss' : cp;
      const lossSets = [new Map([['loss', a.loss]]), new Map([['loss', b.loss]])] as const;
      rec.diverge(...compareSets('loss', lossCp, lossSets[0], lossSets[1], config.tolerance));
      const nan = bothNonFinite(lossSets[0], lossSets[1]);
      if (nan) rec.markUninformative(`loss at ${lossCp}: non-finite on both sides`);
      if (step === 1) rec.reached('loss');
      // A variable named one-sided by the inventory has no gradient on the other side either: named once.
      rec.diverge(...compareSets('gradient', step === 1 ? 'gradients' : cp, a.grads, b.grads, config.tolerance, { kind: 'gradient', what: 'gradient', reported: new Set(reported) }));
      if (step === 1) rec.reached('gradients');
      // The inventory again: a side that creates weights during training shows
      // them now, not never. Spec keys are read afresh; pair keys stay those
      // of the initial alignment (values have moved since), so a new weight
      // is unkeyed and named.
      for (const s of SIDES) inv[s] = inventoryOf(sides[s], sides[s].keys ?? (s === 'subclass' ? keys.sub : keys.fun));
      rec.diverge(...compareVariables(cp, inv.subclass, inv.functional, config.tolerance, reported));
      if (!shared) rec.diverge(...compareSets('slot', cp, a.slots, b.slots, config.tolerance, { kind: 'slot', what: 'optimizer slot' }));
      rec.resourcesAt(cp, a.left, b.left, 'one training step (optimizer slots aside)');
      rec.reached(cp);
    }
  } finally {
    opts.subclass.dispose();
    if (!shared) opts.functional.dispose();
  }
  return keys;
}

/**
 * Pairs of a side's weights that start bit-identical without being
 * constant (zeros, ones): the mark of one seeded initializer instance given
 * to two layers, which draws the same values for each.
 */
function identicalStarts(k: KeyedWeights): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const e of k.entries) {
    const d = tensorData(e.weight.read());
    if (d.values.length < 2 || d.values.every((v) => Object.is(v, d.values[0]))) continue;
    const sig = `${d.dtype}|${d.shape.join(',')}|${Array.from(d.values).join(',')}`;
    const twin = seen.get(sig);
    if (twin) out.push(`${twin} and ${e.key} start bit-identical (one seeded initializer instance shared by two layers?)`);
    else seen.set(sig, e.key);
  }
  return out;
}

function named(names: string[], ts: Tensor[]): Map<string, TensorData> {
  return new Map(ts.map((t, i) => [names[i] ?? `output[${i}]`, tensorData(t)]));
}

function snapshot(k: KeyedWeights): Tensor[] {
  return k.entries.map((e) => tf.clone(e.weight.read()));
}

function restore(k: KeyedWeights, saved: Tensor[]): void {
  k.entries.forEach((e, i) => e.weight.write(saved[i]));
  tf.dispose(saved);
}
