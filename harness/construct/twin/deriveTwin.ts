import type { Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../../architecture/catalogue';
import { TwinRefusedError } from '../../errors';
import { makeInputs } from '../../runtime/makeInputs';
import { seedGlobalRandom } from '../../runtime/seedRandom';
import { openLedger } from '../../runtime/tensorLedger';
import { tf } from '../../runtime/tf';
import { traceCall, type TracedCall, type TracedConstant, type TracedStep } from '../../trace/traceCall';
import type { LayerModule } from '../LayerModule';
import type { PairContext } from '../PairModule';
import { batchTemplate, graphDifference, liveSteps, outputsOf, stepLabel } from './compareTraces';
import { OpLayer, type OpInput, type OpSpec } from './OpLayer';
import { WeightLayer } from './WeightLayer';

type LayersModel = InstanceType<typeof tf.LayersModel>;
type LayerVariable = TfLayer['weights'][number];

/** Feeds a graph step: a model input, a tensor a step made, or the model's first input for a step that takes none. */
const DUMMY = 'input 0 (only to be in the graph)';

/** One layer application of the twin, in the order `call()` ran it. */
export interface TwinStep {
  kind: 'node' | 'op' | 'weight' | 'constant';
  /** The twin's layer: a fresh copy of a tfjs layer, an {@link OpLayer} or a {@link WeightLayer}. */
  layer: TfLayer;
  /** Keys of the tensors it takes (`t<id>` a traced tensor, `w<id>` a weight, `c<id>` a constant), or the dummy. */
  inputs: string[];
  list: boolean;
  outputs: string[];
  /** Its place among the live steps of the trace (node and op steps). */
  live?: number;
  /** How reports name it: `Dense 'proj'`, `op 2 (Add)`, `weight 'gamma'`. */
  label: string;
  /** The original sublayer a node copies. */
  original?: TfLayer;
  /** A weight step: the initializer the custom layer gave `addWeight` (serialized). */
  initializer?: SerializedInitializer;
}

/** An initializer as tfjs serializes it. */
export interface SerializedInitializer {
  className: string;
  config: Record<string, unknown>;
}

/** A derived twin: the functional model and the steps it was built from. */
export interface Twin {
  model: LayersModel;
  steps: TwinStep[];
  inputKeys: string[];
  outputKeys: string[];
  /** The `init(key, kind)` calls the layer's factory made, by the seed of the initializer each returned. */
  seeds: Map<number, { key: string; kind?: string }>;
}

/** The batch sizes the layer is traced at: two, so attributes that follow the batch can be told from constants. */
const BATCHES: [number, number] = [2, 3];

/** The twins this process derived, by model: what the report draws and `--print-twin` writes. */
const derived = new WeakMap<object, Twin>();

/** The twin a derived model was built from (undefined for any other model). */
export function twinOf(model: unknown): Twin | undefined {
  return model !== null && typeof model === 'object' ? derived.get(model) : undefined;
}

/**
 * Seeds `Math.random` as the layer starts building, so that unseeded
 * initializers draw the same values in the twin's traced instance and in
 * the case's own, whenever each is built (eagerly, or inside `fit`).
 */
export function seedBuild(layer: TfLayer, seed: string): TfLayer {
  const own = layer as unknown as { build: (s: unknown) => void };
  const build = own.build;
  let first = true;
  own.build = function (this: unknown, s: unknown) {
    if (first) seedGlobalRandom(seed);
    first = false;
    return build.call(this, s);
  };
  return layer;
}

const refuse = (file: string, why: string) =>
  new TwinRefusedError(
    `${file}: cannot derive a functional twin: ${why}; check this layer with a pair module (a functional model written by hand) instead`,
    file,
  );

/** Values as the trace keeps them. */
const valuesOf = (t: Tensor): TracedConstant => ({
  shape: [...t.shape],
  dtype: t.dtype,
  values: Array.from(t.dataSync() as ArrayLike<number>),
});

const sameBits = (t: Tensor, c: TracedConstant | undefined) => {
  if (!c || t.shape.join() !== c.shape.join()) return false;
  const v = t.dataSync() as ArrayLike<number>;
  return c.values.every((x, i) => Object.is(x, v[i]));
};

/**
 * Derives the functional twin of a layer module's layer: calls a private
 * instance once eagerly to build it, traces `call()` at two batch sizes and
 * in both training modes, refuses what a trace cannot stand for (see
 * `traceCall`; and a graph that changes with `training`), then builds a
 * `tf.model` of the trace — each application of a tfjs layer a node of a
 * fresh layer of its class from its `getConfig()`, each op an
 * {@link OpLayer}, each weight a custom layer owns a {@link WeightLayer},
 * all starting from the traced instance's weights — and checks, step by
 * step, that the twin computes bit for bit what `call()` computed, in both
 * modes, applying each node with the arguments `call()` gave it. Only then
 * is it returned; otherwise a {@link TwinRefusedError} names the op. Leaves
 * nothing alive but the twin's own weights.
 */
export async function deriveTwin(mod: LayerModule, ctx: PairContext, seed: string, file: string): Promise<Twin> {
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  // Every tensor made while deriving (traces, replays, the private instance's calls) is freed at the end.
  const ledger = openLedger();
  let twin: Twin | undefined;
  const at = (batch: number) => makeInputs(mod.inputs, batch, 1);
  const [x2, x3] = [at(BATCHES[0]), at(BATCHES[1])];
  const seeds = new Map<number, { key: string; kind?: string }>();
  const keyed: PairContext = {
    tf: ctx.tf,
    init: (key, kind) => {
      const i = ctx.init(key, kind);
      const s = (i.getConfig() as { seed?: unknown }).seed;
      if (typeof s === 'number') seeds.set(s, { key, ...(kind ? { kind } : {}) });
      return i;
    },
  };
  const proto = tf.layers.Layer.prototype as unknown as { addWeight: (...a: unknown[]) => LayerVariable };
  const addWeight = proto.addWeight;
  const initializers = new Map<LayerVariable, SerializedInitializer>();
  const regularizers = new Map<LayerVariable, SerializedInitializer>();
  try {
    // Which initializer made each weight: --print-twin writes it.
    proto.addWeight = function (this: unknown, ...a: unknown[]) {
      const w = addWeight.apply(this, a);
      const init = a[3] as { getClassName?(): string; getConfig?(): Record<string, unknown> } | undefined;
      if (init?.getClassName && init.getConfig)
        initializers.set(w, { className: init.getClassName(), config: init.getConfig() });
      const reg = a[4] as { getClassName?(): string; getConfig?(): Record<string, unknown> } | undefined;
      if (reg?.getClassName && reg.getConfig)
        regularizers.set(w, { className: reg.getClassName(), config: reg.getConfig() });
      return w;
    };
    let instance: TfLayer;
    try {
      instance = seedBuild(await mod.layer(keyed), seed);
      if (!(instance instanceof tf.layers.Layer))
        throw refuse(file, 'layer() must return an instance of a class extending tf.layers.Layer');
      const feed = (xs: Tensor[]) => (xs.length === 1 ? xs[0] : xs);
      // Built by one untraced call, as the case builds its own instance: the traces hold call() alone.
      instance.apply(feed(x2), { training: false });
    } finally {
      proto.addWeight = addWeight;
    }
    const t2 = traceCall(instance, x2, false).trace;
    const t3 = traceCall(instance, x3, false).trace;
    const layerIds = idsOf();
    for (const t of [t2, t3]) if (t.refusal) throw refuse(file, t.refusal.message);
    const byBatch = graphDifference(t2, t3, `with a batch of ${BATCHES[1]}`, layerIds, true);
    if (byBatch) throw refuse(file, byBatch);
    // Weights as the case's instance has them at `init`: after one inference call, before training moves any.
    const snapshot = snapshotWeights(instance, t2);
    seedGlobalRandom(`${seed}:training`);
    const tt = traceCall(instance, x2, true).trace;
    if (tt.refusal) throw refuse(file, `${tt.refusal.message} (with training: true)`);
    const byMode = graphDifference(t2, tt, 'with training: true', layerIds, true);
    if (byMode) throw refuse(file, byMode);

    twin = { ...buildTwin(mod, t2, t3, instance, file, initializers, regularizers), seeds };
    const restore = () => setWeights(twin!, snapshot, t2);
    restore();
    const inference = replayDifference(twin, t2, t2, x2, false);
    if (inference) throw refuse(file, `the twin does not compute what call() computed: ${inference}`);
    restore();
    seedGlobalRandom(`${seed}:training`);
    const training = replayDifference(twin, t2, tt, x2, true);
    if (training) throw refuse(file, `the twin does not compute what call() computed with training: true: ${training}`);
    restore();
    derived.set(twin.model, twin);
    return twin;
  } finally {
    ledger.reclaim();
    // The private instance's variables (and a twin refused after it was built): everything but the twin's weights.
    const keep = new Set(
      twin && derived.has(twin.model)
        ? twin.model.weights.map((w) => (w.read() as InstanceType<typeof tf.Variable>).name)
        : [],
    );
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables))
      if (!before.has(name) && !keep.has(name)) v.dispose();
  }
}

/** Identifies layers by object across traces. */
function idsOf(): (l: TfLayer) => number {
  const ids = new Map<TfLayer, number>();
  return (l) => {
    if (!ids.has(l)) ids.set(l, ids.size);
    return ids.get(l)!;
  };
}

/** Copies of the values of every weight the twin will hold: nodes' layers' weights and the variables ops read. */
function snapshotWeights(instance: TfLayer, trace: TracedCall): Map<object, Tensor[]> {
  const out = new Map<object, Tensor[]>();
  for (const s of liveSteps(trace))
    if (s.kind === 'node' && !out.has(s.layer))
      out.set(
        s.layer,
        s.layer.weights.map((w) => w.read().clone()),
      );
  for (const [id, v] of trace.variables) out.set(variableKey(id), [v.clone()]);
  void instance;
  return out;
}

const variableKeys = new Map<number, object>();
/** An object standing for a variable id in the snapshot map. */
function variableKey(id: number): object {
  if (!variableKeys.has(id)) variableKeys.set(id, { id });
  return variableKeys.get(id)!;
}

/** Sets every twin layer's weights to the snapshot (assign: a constraint is not applied, as at creation). */
function setWeights(twin: Twin, snapshot: Map<object, Tensor[]>, trace: TracedCall): void {
  for (const step of twin.steps) {
    const values =
      step.kind === 'node'
        ? snapshot.get(step.original!)
        : step.kind === 'weight'
          ? snapshot.get(variableKey(Number(step.outputs[0].slice(1))))
          : undefined;
    if (!values) continue;
    step.layer.weights.forEach((w, i) => (w.read() as InstanceType<typeof tf.Variable>).assign(values[i]));
  }
  void trace;
}

/** The name and trainability of the weight holding a variable, searched among the layers that ran ops. */
function weightOf(trace: TracedCall, id: number): { name: string; trainable: boolean; variable?: LayerVariable } {
  const owners = new Set<TfLayer>(trace.steps.map((s) => s.owner));
  for (const owner of owners) {
    let weights: LayerVariable[];
    try {
      weights = owner.weights;
    } catch {
      continue;
    }
    const w = weights.find((x) => x.read().id === id);
    // A weight of a frozen custom layer does not train (its getters list it as non-trainable).
    if (w) return { name: w.name.split('/').pop() ?? w.name, trainable: w.trainable && owner.trainable, variable: w };
  }
  const v = trace.variables.get(id) as unknown as { name: string; trainable: boolean };
  return { name: v.name.split('/').pop() ?? v.name, trainable: v.trainable };
}

/** Output shapes with every axis that differs between the two batch sizes free. */
const freeShape = (a: number[], b: number[] | undefined): (number | null)[] =>
  a.map((d, i) => (b && b[i] !== d ? null : d));

/** Builds the twin's steps and its `tf.model` from the trace at batch 2 (`t2`) and at batch 3 (`t3`). */
function buildTwin(
  mod: LayerModule,
  t2: TracedCall,
  t3: TracedCall,
  instance: TfLayer,
  file: string,
  initializers: Map<LayerVariable, SerializedInitializer>,
  regularizers: Map<LayerVariable, SerializedInitializer>,
): Omit<Twin, 'seeds'> {
  const live = liveSteps(t2);
  const live3 = liveSteps(t3);
  const steps: TwinStep[] = [];
  const defined = new Set(t2.inputs.map((id) => `t${id}`));
  const fresh = new Map<TfLayer, TfLayer>();
  const names = new Map<string, TfLayer>();
  let weights = 0;
  let constants = 0;
  let ops = 0;
  const source = (id: number): string => {
    if (defined.has(`t${id}`)) return `t${id}`;
    if (t2.variables.has(id)) {
      const key = `w${id}`;
      if (!defined.has(key)) {
        const w = weightOf(t2, id);
        const v = t2.variables.get(id)!;
        weights += 1;
        steps.push({
          kind: 'weight',
          layer: new WeightLayer({
            // The weight's own name in the layer's: tfjs rewrites a config's string values on reload, not names.
            name: `twin_weight${weights}_${w.name.replace(/_\d+$/, '').replace(/[^A-Za-z0-9_]/g, '_')}`,
            weightName: 'value',
            shape: [...v.shape],
            dtype: v.dtype as 'float32' | 'int32',
            trainableWeight: w.trainable,
            ...(w.variable && regularizers.has(w.variable) ? { regularizer: regularizers.get(w.variable) } : {}),
          }),
          inputs: [DUMMY],
          list: false,
          outputs: [key],
          label: `weight '${w.name}'`,
          ...(w.variable && initializers.has(w.variable) ? { initializer: initializers.get(w.variable) } : {}),
        });
        defined.add(key);
      }
      return key;
    }
    const c = t2.constants.get(id);
    if (!c) throw refuse(file, `a tensor call() used (id ${id}) comes from nowhere the trace saw`);
    const key = `c${id}`;
    if (!defined.has(key)) {
      constants += 1;
      const spec: OpSpec = {
        kernel: 'Identity',
        attrs: {},
        inputs: [{ name: 'x', constant: c }],
        outputs: [c.shape],
        dummy: true,
      };
      steps.push({
        kind: 'constant',
        layer: new OpLayer({ op: spec, name: `twin_constant${constants}` }),
        inputs: [DUMMY],
        list: false,
        outputs: [key],
        label: `constant [${c.shape.join(', ')}]`,
      });
      defined.add(key);
    }
    return key;
  };
  live.forEach((s, k) => {
    const s3 = live3[k];
    if (s.kind === 'node') {
      let copy = fresh.get(s.layer);
      if (!copy) {
        const config = s.layer.getConfig() as { name: string; trainable?: boolean };
        if (s.frozen) config.trainable = false;
        // Sublayers of two nested custom layers may share a name: tfjs allows it there, not in one model.
        const taken = names.get(config.name);
        if (taken && taken !== s.layer && s.owner !== instance)
          config.name = `${s.owner.name}_${config.name}`.replace(/\//g, '_');
        const cls = s.layer.constructor as unknown as {
          fromConfig(c: unknown, config: unknown): TfLayer;
        };
        copy = cls.fromConfig(cls, config);
        fresh.set(s.layer, copy);
        names.set(config.name, s.layer);
      }
      const inputs = s.inputs.map(source);
      steps.push({
        kind: 'node',
        layer: copy,
        original: s.layer,
        inputs,
        list: s.list,
        outputs: s.outputs.map((id) => `t${id}`),
        live: k,
        label: stepLabel(s, live),
      });
    } else {
      if (s3.kind !== 'op') throw refuse(file, 'the traces at two batch sizes differ');
      ops += 1;
      const args: string[] = [];
      const inputs: OpInput[] = Object.entries(s.call.inputs).map(([name, t]) => {
        const c = t2.constants.get(t.id);
        if (c && !defined.has(`t${t.id}`)) return { name, constant: c };
        const key = source(t.id);
        if (!args.includes(key)) args.push(key);
        return { name, arg: args.indexOf(key) };
      });
      let attrs: Record<string, unknown>;
      try {
        attrs = batchTemplate(s.call.attrs, s3.call.attrs, 'attrs', BATCHES) as Record<string, unknown>;
      } catch (e) {
        throw refuse(file, `${stepLabel(s, live)}: ${(e as Error).message}`);
      }
      const spec: OpSpec = {
        kernel: s.call.kernel,
        attrs,
        inputs,
        outputs: s.call.outputs.map((o, j) => freeShape(o.shape, s3.call.outputs[j]?.shape)),
        ...(args.length === 0 ? { dummy: true } : {}),
        ...(s.arrayInputs ? { arrayInputs: true } : {}),
      };
      steps.push({
        kind: 'op',
        layer: new OpLayer({ op: spec, name: `twin_op${ops}_${s.call.kernel.toLowerCase()}` }),
        inputs: args.length === 0 ? [DUMMY] : args,
        list: args.length > 1,
        outputs: outputsOf(s).map((id) => `t${id}`),
        live: k,
        label: stepLabel(s, live),
      });
      for (const id of outputsOf(s)) defined.add(`t${id}`);
    }
    if (s.kind === 'node') for (const id of s.outputs) defined.add(`t${id}`);
  });
  const inputKeys = t2.inputs.map((id) => `t${id}`);
  const outputKeys = t2.outputs.map((id) => {
    const key = source(id);
    if (!inputKeys.includes(key)) return key;
    // An output that is an input: a model needs a layer between them.
    ops += 1;
    const c = t2.values.get(id) ?? t2.outputValues[t2.outputs.indexOf(id)];
    const spec: OpSpec = {
      kernel: 'Identity',
      attrs: {},
      inputs: [{ name: 'x', arg: 0 }],
      outputs: [[null, ...c.shape.slice(1)]],
    };
    steps.push({
      kind: 'op',
      layer: new OpLayer({ op: spec, name: `twin_op${ops}_identity` }),
      inputs: [key],
      list: false,
      outputs: [`o${id}`],
      label: `op ${ops} (Identity)`,
    });
    return `o${id}`;
  });
  const symbolic = mod.inputs.map((d) => tf.input({ shape: d.shape, dtype: d.dtype ?? 'float32' }));
  const env = new Map<string, unknown>(inputKeys.map((k, i) => [k, symbolic[i]]));
  for (const step of steps) {
    const ins = step.inputs.map((k) => (k === DUMMY ? symbolic[0] : env.get(k)));
    const out = step.layer.apply(step.list ? (ins as never) : (ins[0] as never));
    const outs = Array.isArray(out) ? out : [out];
    step.outputs.forEach((k, j) => env.set(k, outs[j]));
  }
  const model = tf.model({
    inputs: symbolic,
    outputs: outputKeys.map((k) => env.get(k)) as never,
    name: `${mod.name.replace(/[^A-Za-z0-9_.-]/g, '_')}_twin`,
  });
  return { model, steps, inputKeys, outputKeys };
}

/**
 * Runs the twin's steps eagerly on the traced inputs, each node with the
 * arguments `call()` gave it in `trace` (which is `t2` or the training
 * trace, step for step the same graph), and says where the first value
 * differs from the trace's, or undefined when every step agrees bit for bit.
 */
function replayDifference(
  twin: Twin,
  t2: TracedCall,
  trace: TracedCall,
  inputs: Tensor[],
  training: boolean,
): string | undefined {
  const live = liveSteps(trace);
  // The trace's tensor ids, by the key the twin's steps use (the keys are t2's).
  const idOf = new Map<string, number>();
  t2.inputs.forEach((id, i) => idOf.set(`t${id}`, trace.inputs[i]));
  const live2 = liveSteps(t2);
  live2.forEach((s, k) => outputsOf(s).forEach((id, j) => idOf.set(`t${id}`, outputsOf(live[k])[j])));
  const keyOf = new Map([...idOf].map(([k, id]) => [id, k]));
  const env = new Map<string, Tensor>(twin.inputKeys.map((k, i) => [k, inputs[i]]));
  return tf.tidy(() => {
    for (const step of twin.steps) {
      const ins = step.inputs.map((k) => (k === DUMMY ? inputs[0] : env.get(k)!));
      let kwargs: Record<string, unknown> = {};
      if (step.kind === 'node') {
        const s = live[step.live!] as Extract<TracedStep, { kind: 'node' }>;
        kwargs = {
          ...(s.training !== undefined ? { training: s.training } : {}),
          ...(s.mask ? { mask: s.mask.map((id) => env.get(keyOf.get(id) ?? `c${id}`)) } : {}),
        };
        if (s.mask && s.mask.length === 1) kwargs.mask = (kwargs.mask as Tensor[])[0];
      }
      const out = step.layer.apply(step.list ? ins : ins[0], kwargs) as Tensor | Tensor[];
      const outs = Array.isArray(out) ? out : [out];
      for (const [j, k] of step.outputs.entries()) {
        env.set(k, outs[j]);
        const id = idOf.get(k);
        const expected = id !== undefined ? trace.values.get(id) : undefined;
        if (step.live !== undefined && expected && !sameBits(outs[j], expected)) {
          const got = valuesOf(outs[j]);
          const n = expected.values.filter((v, i) => !Object.is(v, got.values[i])).length;
          return `${step.label} gives other values (${n} of ${expected.values.length} elements differ${training ? '' : ''})`;
        }
      }
    }
    const mismatch = twin.outputKeys.findIndex((k, i) => !sameBits(env.get(k)!, trace.outputValues[i]));
    return mismatch >= 0 ? `output ${mismatch} differs` : undefined;
  });
}
