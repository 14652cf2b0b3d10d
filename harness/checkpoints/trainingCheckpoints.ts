import type { Tensor, Variable } from '@tensorflow/tfjs';
import { SIDES, type Side, type SideName } from '../construct/Side';
import type { TensorData } from '../compare/compareValues';
import { compareActivations, compareSets } from '../compare/compareSets';
import { compareInventory } from '../compare/inventory';
import type { CaseConfig } from './CaseConfig';
import { tf } from '../runtime/tf';
import type { CaseRecorder } from './CaseRecorder';
import { inventoryOf, valuesOf, type KeyedWeights } from './inventoryOf';
import { keysFor } from './keysFor';
import { dataLoss } from '../runtime/losses';
import { makeOptimizer } from '../runtime/makeOptimizer';
import { onBothSides } from './onBothSides';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tensorData } from '../runtime/tensorData';
import type { PairLoop } from '../construct/PairModule';

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
 * Stops at the first checkpoint where a side throws.
 */
export async function trainingCheckpoints(sides: Record<SideName, Side>, data: CaseData, config: CaseConfig, rec: CaseRecorder): Promise<void> {
  const keys = keysFor(sides.subclass, sides.functional);
  const inv: Record<SideName, KeyedWeights> = { subclass: inventoryOf(sides.subclass, keys.sub), functional: inventoryOf(sides.functional, keys.fun) };
  rec.diverge(...compareInventory(inv.subclass.entries, inv.functional.entries));
  rec.diverge(...compareSets('init', 'init', valuesOf(inv.subclass), valuesOf(inv.functional), config.tolerance));
  for (const s of SIDES) for (const text of identicalStarts(inv[s])) rec.note(`${s} side: ${text}`);
  rec.reached('init');

  const arg = data.inputs.length === 1 ? data.inputs[0] : data.inputs;
  for (const training of [false, true]) {
    const cp = training ? 'forward-training' : 'forward';
    const outs = await onBothSides((s) => {
      // Training-mode calls update state (BatchNorm statistics): undo that,
      // so later checkpoints start from the initial state on both sides.
      const saved = training ? snapshot(inv[s]) : undefined;
      try {
        seedGlobalRandom(`${config.seed}:${cp}`);
        const y = tf.tidy(() => list(sides[s].net.apply(arg, { training }) as Tensor | Tensor[]));
        const acts = sides[s].activations
          ? (seedGlobalRandom(`${config.seed}:${cp}:nodes`), tf.tidy(() => sides[s].activations!(data.inputs, training)))
          : undefined;
        return { y: named(data.outputNames, y), acts: acts && new Map(Object.entries(acts).map(([k, t]) => [k, tensorData(t)])), dispose: [...y, ...Object.values(acts ?? {})] };
      } finally {
        if (saved) restore(inv[s], saved);
      }
    });
    for (const v of Object.values(outs.values)) tf.dispose(v!.dispose);
    if (rec.sideErrors(cp, outs.errors)) return;
    const [a, b] = [outs.values.subclass!, outs.values.functional!];
    rec.diverge(...compareSets('forward', cp, a.y, b.y, config.tolerance));
    if (a.acts && b.acts && data.nodeOrder) rec.diverge(...compareActivations(cp, data.nodeOrder, a.acts, b.acts, config.tolerance));
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
        return { loss, grads: g, slots: shared ? new Map<string, TensorData>() : await slotsOf(opts[s], inv[s]) };
      });
      if (rec.sideErrors(step === 1 ? 'loss' : cp, r.errors)) return;
      const [a, b] = [r.values.subclass!, r.values.functional!];
      rec.diverge(...compareSets('loss', step === 1 ? 'loss' : cp, new Map([['loss', a.loss]]), new Map([['loss', b.loss]]), config.tolerance));
      if (step === 1) rec.reached('loss');
      rec.diverge(...compareSets('gradient', step === 1 ? 'gradients' : cp, a.grads, b.grads, config.tolerance));
      if (step === 1) rec.reached('gradients');
      rec.diverge(...compareSets('weights', cp, valuesOf(inv.subclass, true), valuesOf(inv.functional, true), config.tolerance));
      rec.diverge(...compareSets('state', cp, valuesOf(inv.subclass, false), valuesOf(inv.functional, false), config.tolerance));
      rec.diverge(...compareSets('slot', cp, a.slots, b.slots, config.tolerance));
      reportMissingSlots(cp, a.slots, b.slots, rec);
      rec.reached(cp);
    }
  } finally {
    opts.subclass.dispose();
    if (!shared) opts.functional.dispose();
  }
}

/** Optimizer slots by `key#slot` (e.g. `d/kernel#m`), plus `optimizer#iter`. */
async function slotsOf(opt: Optimizer, inv: KeyedWeights): Promise<Map<string, TensorData>> {
  const out = new Map<string, TensorData>();
  for (const { name, tensor } of await optimizerWeights(opt)) {
    if (name === 'iter' || !name.includes('/')) {
      out.set(`optimizer#${name}`, tensorData(tensor));
      if (name === 'iter') tensor.dispose(); // a fresh scalar each call, unlike the slot variables
      continue;
    }
    const cut = name.lastIndexOf('/');
    const key = inv.keyOf.get(name.slice(0, cut)) ?? `unkeyed:${name.slice(0, cut)}`;
    out.set(`${key}#${name.slice(cut + 1)}`, tensorData(tensor));
  }
  return out;
}

/**
 * `optimizer.getWeights()`, or for optimizers where tfjs does not implement
 * it (Adamax in 4.22) the same information read from the optimizer's slot
 * lists (`{ originalName, variable }` entries) and its own scalar variables.
 */
async function optimizerWeights(opt: Optimizer): Promise<{ name: string; tensor: Tensor }[]> {
  try {
    return await opt.getWeights();
  } catch (e) {
    if (!/getWeights\(\) is not implemented/.test(String(e))) throw e;
    const out: { name: string; tensor: Tensor }[] = [];
    for (const [prop, value] of Object.entries(opt)) {
      if (value instanceof tf.Variable) out.push({ name: prop, tensor: value });
      else if (Array.isArray(value)) for (const v of value) if (v && typeof v.originalName === 'string' && v.variable instanceof tf.Variable) out.push({ name: v.originalName, tensor: v.variable });
    }
    return out;
  }
}

function reportMissingSlots(cp: string, a: Map<string, TensorData>, b: Map<string, TensorData>, rec: CaseRecorder): void {
  for (const [k] of a) if (!b.has(k)) rec.diverge({ kind: 'slot', checkpoint: cp, key: k, message: `${k}: optimizer slot exists only on the subclass side` });
  for (const [k] of b) if (!a.has(k)) rec.diverge({ kind: 'slot', checkpoint: cp, key: k, message: `${k}: optimizer slot exists only on the functional side` });
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
