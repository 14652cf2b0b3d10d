import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../runtime/tf';
import { tensorIds, tensorsIn } from './tensorsIn';
import type { TfLayer } from '../architecture/catalogue';
import { recordKernels, type KernelCall } from './recordKernels';
import { isBuiltinLayer } from './isBuiltinLayer';
import { liveSteps } from './liveSteps';

/** A value `call()` used that no traced step produced: a tensor made from data, or a variable. */
export interface TracedConstant {
  shape: number[];
  dtype: Tensor['dtype'];
  values: number[];
}

/** One application of a built-in tfjs layer inside `call()`: a node of the twin. */
export interface TracedNode {
  kind: 'node';
  layer: TfLayer;
  /** The custom layer whose `call()` applied it. */
  owner: TfLayer;
  /** Input tensor ids, flattened; `list` when `apply` received an array. */
  inputs: number[];
  list: boolean;
  outputs: number[];
  /** A custom layer around it has `trainable = false`: tfjs's containers freeze what they hold, so the twin's copy is frozen too. */
  frozen: boolean;
  /** The call-time arguments it got: replayed as given when the twin is checked. */
  training?: boolean;
  mask?: number[];
}

/** One kernel run by a custom layer's own code (not inside a built-in layer): an op of the twin. */
export interface TracedOp {
  kind: 'op';
  call: KernelCall;
  /** The custom layer whose `call()` ran it (the traced layer or a nested custom layer). */
  owner: TfLayer;
  /** The op handed the kernel an array, not a map (`Concat`, `AddN`, `Pack`): the kernel reads it as one. */
  arrayInputs: boolean;
}

export type TracedStep = TracedNode | TracedOp;

/** Why a trace cannot stand for `call()`: the twin would compute something else. */
export interface TraceRefusal {
  reason: 'reads-values' | 'random' | 'assigns-state';
  message: string;
}

/** What one eager call of a custom layer did, step by step. */
export interface TracedCall {
  inputs: number[];
  outputs: number[];
  steps: TracedStep[];
  /** Tensors that were used but produced by no step: by id. */
  constants: Map<number, TracedConstant>;
  /** Variables read by ops, by tensor id (owned weights, or bare `tf.variable`s). */
  variables: Map<number, Tensor>;
  /** The output values, for checking the twin bit for bit. */
  outputValues: TracedConstant[];
  /** The values of every tensor a step produced, by id: where a twin that computes otherwise first departs. */
  values: Map<number, TracedConstant>;
  /** The first thing the trace cannot replay, when there is one. */
  refusal?: TraceRefusal;
}

const READS = ['dataSync', 'data', 'arraySync', 'array', 'bufferSync', 'buffer'] as const;

/** Kernels that draw random numbers themselves (most tfjs random ops draw in JavaScript, caught through `Math.random`). */
const RANDOM_KERNELS = new Set([
  'Multinomial',
  'RandomGamma',
  'RandomNormal',
  'RandomStandardNormal',
  'RandomUniform',
  'RandomUniformInt',
  'TruncatedNormal',
]);

/** The first stack frame outside tfjs and parity-check: where in the user's code something happened. */
function userFrame(stack: string | undefined): string | undefined {
  const lines = (stack ?? '').split('\n').slice(1);
  const frame = lines.find(
    (l) => /^\s+at /.test(l) && !/[\\/](@tensorflow|harness|dist)[\\/]|node:internal|[\\/]node_modules[\\/]/.test(l),
  );
  return frame?.trim().replace(/^at /, '');
}

/**
 * Calls `layer` once eagerly on `inputs` and records what its `call()` did:
 * every application of a built-in tfjs layer (a node; kernels inside it are
 * its own), every kernel run by a custom layer's code at any depth (an op;
 * nested custom layers and `tf.model`s are traced into), the constants and
 * variables those ops read. It also watches for what a trace cannot replay:
 * a read of tensor values (`dataSync` …: a data-dependent branch), random
 * numbers drawn outside a built-in layer, a state update (`assign`) of a
 * variable. The layer must already be built (its weights created), so that
 * the trace holds `call()` alone.
 */
export function traceCall(
  layer: TfLayer,
  inputs: Tensor[],
  training: boolean,
): { result: Tensor[]; trace: TracedCall } {
  const proto = tf.layers.Layer.prototype as unknown as {
    apply: (this: TfLayer, inputs: unknown, kwargs?: unknown) => unknown;
  };
  const apply = proto.apply;
  const tensorProto = tf.Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const reads = READS.map((name) => [name, tensorProto[name]] as const);
  const variableProto = tf.Variable.prototype as unknown as { assign: (v: Tensor) => void };
  const assign = variableProto.assign;
  const random = Math.random;

  const steps: TracedStep[] = [];
  const produced = new Set<number>(inputs.map((t) => t.id));
  const producer = new Map<number, string>();
  const constants = new Map<number, TracedConstant>();
  const values = new Map<number, TracedConstant>();
  const variables = new Map<number, Tensor>();
  const assigned: { variable: Tensor; where?: string }[] = [];
  // Frames of layers being applied: a built-in layer is a node, everything under it is its own business.
  const frames: { layer: TfLayer; node: boolean }[] = [];
  let harness = false;
  let refusal: TraceRefusal | undefined;
  const inNode = () => frames.some((f) => f.node);
  const own = <T>(f: () => T): T => {
    harness = true;
    try {
      return f();
    } finally {
      harness = false;
    }
  };
  const refuse = (r: TraceRefusal) => {
    refusal ??= r;
  };
  const valuesOf = (t: Tensor): TracedConstant =>
    own(() => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));

  proto.apply = function (this: TfLayer, x: unknown, kwargs?: unknown) {
    if (inNode() || (frames.length === 0 && this !== layer)) return apply.call(this, x, kwargs);
    const node = frames.length > 0 && isBuiltinLayer(this);
    frames.push({ layer: this, node });
    let out: unknown;
    try {
      out = apply.call(this, x, kwargs);
    } finally {
      frames.pop();
    }
    if (node && tensorIds(x).length > 0) {
      const k = (kwargs ?? {}) as { training?: unknown; mask?: unknown };
      const ins = tensorsIn(x);
      for (const t of ins) if (!produced.has(t.id) && !constants.has(t.id)) constants.set(t.id, valuesOf(t));
      const outs = tensorIds(out);
      for (const t of tensorsIn(out)) {
        produced.add(t.id);
        producer.set(t.id, `${this.getClassName()} '${this.name}'`);
        values.set(t.id, valuesOf(t));
      }
      steps.push({
        kind: 'node',
        layer: this,
        owner: frames[frames.length - 1].layer,
        frozen: frames.some((f) => !f.layer.trainable),
        inputs: ins.map((t) => t.id),
        list: Array.isArray(x),
        outputs: outs,
        ...(typeof k.training === 'boolean' ? { training: k.training } : {}),
        ...(k.mask != null ? { mask: tensorIds(k.mask) } : {}),
      });
    }
    return out;
  };
  for (const [name, original] of reads)
    tensorProto[name] = function (this: Tensor, ...args: unknown[]) {
      if (!harness && !inNode() && frames.length > 0) {
        const from = producer.get(this.id) ?? (inputs.some((t) => t.id === this.id) ? 'an input' : 'a tensor');
        const where = userFrame(new Error().stack);
        refuse({
          reason: 'reads-values',
          message: `call() reads tensor values (${name}() on the output of ${from}${where ? `, at ${where}` : ''}): a branch on data the trace cannot follow`,
        });
      }
      return original.apply(this, args);
    };
  variableProto.assign = function (this: Tensor, v: Tensor) {
    if (!harness && !inNode() && frames.length > 0)
      assigned.push({ variable: this, where: userFrame(new Error().stack) });
    return assign.call(this, v);
  };
  Math.random = function () {
    if (!harness && !inNode() && frames.length > 0) {
      const where = userFrame(new Error().stack);
      refuse({
        reason: 'random',
        message: `call() draws random numbers outside a tfjs layer${where ? ` (at ${where})` : ''}: a random op the twin cannot replay (use tf.layers.dropout or a seeded op)`,
      });
    }
    return random();
  };

  try {
    const { result } = recordKernels(() => layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training }), {
      onKernel: (call, ins, outs) => {
        if (harness || inNode() || frames.length === 0) return;
        if (RANDOM_KERNELS.has(call.kernel))
          refuse({
            reason: 'random',
            message: `call() runs the random kernel ${call.kernel}: the twin cannot replay it`,
          });
        for (const t of Object.values(ins)) {
          if (produced.has(t.id) || constants.has(t.id) || variables.has(t.id)) continue;
          if (t instanceof tf.Variable) variables.set(t.id, t);
          else constants.set(t.id, valuesOf(t));
        }
        for (const t of outs) {
          produced.add(t.id);
          values.set(t.id, valuesOf(t));
          producer.set(t.id, `${call.kernel} (op ${steps.filter((s) => s.kind === 'op').length + 1})`);
        }
        steps.push({ kind: 'op', call, owner: frames[frames.length - 1].layer, arrayInputs: Array.isArray(ins) });
      },
    });
    const outs = tensorsIn(result);
    const read = variablesRead(liveSteps({ steps, outputs: outs.map((t) => t.id) }), variables);
    // A variable nothing live reads (a call counter) changes no output: only a weight or a value the outputs use is state the twin would miss.
    const state = assigned.find((a) => read.has(a.variable.id) || isWeight(layer, a.variable));
    if (state)
      refuse({
        reason: 'assigns-state',
        message: `call() assigns a new value to the variable '${(state.variable as unknown as { name: string }).name}'${state.where ? ` (at ${state.where})` : ''}: a state update the twin cannot replay`,
      });
    const outputValues = outs.map(valuesOf);
    for (const t of outs) if (!produced.has(t.id) && !constants.has(t.id)) constants.set(t.id, valuesOf(t));
    return {
      result: outs,
      trace: {
        inputs: inputs.map((t) => t.id),
        outputs: outs.map((t) => t.id),
        steps,
        constants,
        variables,
        outputValues,
        values,
        refusal,
      },
    };
  } finally {
    proto.apply = apply;
    for (const [name, original] of reads) tensorProto[name] = original;
    variableProto.assign = assign;
    Math.random = random;
  }
}

/** Ids of the variables some op reads. */
function variablesRead(steps: TracedStep[], variables: Map<number, Tensor>): Set<number> {
  const read = new Set<number>();
  for (const s of steps)
    if (s.kind === 'op') for (const t of Object.values(s.call.inputs)) if (variables.has(t.id)) read.add(t.id);
  return read;
}

/** Whether `v` is the value of one of the layer's weights (its own or a sublayer's). */
function isWeight(layer: TfLayer, v: Tensor): boolean {
  try {
    return layer.weights.some((w) => (w as unknown as { read(): Tensor }).read().id === v.id);
  } catch {
    return false;
  }
}
