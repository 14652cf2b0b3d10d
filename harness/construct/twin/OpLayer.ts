import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';
import type { TracedConstant } from '../../trace/traceCall';
import { decodeOp, encodeOp, withBatch } from './opCodec';

/** One input of an op: the layer's `arg`-th input, or a constant `call()` used. */
export type OpInput = { name: string; arg: number } | { name: string; constant: TracedConstant };

/** What an op layer runs: one kernel, exactly as `call()` ran it. */
export interface OpSpec {
  kernel: string;
  /** Its attributes; a `{ $batch: true }` stands for the batch size. */
  attrs: Record<string, unknown>;
  inputs: OpInput[];
  /** Output shapes, batch axis `null`. */
  outputs: (number | null)[][];
  /** The kernel takes its inputs as an array (`Concat`, `AddN`, `Pack`), as the op handed them. */
  arrayInputs?: boolean;
  /** The op takes no tensor from the graph: it is applied to the model's first input only to be part of it. */
  dummy?: boolean;
}

type Shape = (number | null)[];

/**
 * A layer that runs one tfjs kernel — the op of a custom layer's `call()`
 * that no `tf.layers` layer computes — through `tf.engine().runKernel`,
 * with the recorded attributes: bit for bit what `call()` ran, with its
 * registered gradient. Registered with tfjs serialization as
 * `ParityCheckOp`, so a derived twin saves and reloads like any model.
 */
export class OpLayer extends tf.layers.Layer {
  static className = 'ParityCheckOp';
  readonly spec: OpSpec;
  private readonly encoded: string;

  constructor(args: { op: string | OpSpec; name?: string; trainable?: boolean }) {
    const { op, ...base } = args;
    super(base);
    this.encoded = typeof op === 'string' ? op : encodeOp(op);
    this.spec = typeof op === 'string' ? decodeOp<OpSpec>(op) : op;
    // Masks stop at a raw op, as they do in the eager call it replays.
    this.supportsMasking = true;
  }

  override computeOutputShape(_input: Shape | Shape[]): Shape | Shape[] {
    const [first, ...rest] = this.spec.outputs;
    return rest.length === 0 ? first : this.spec.outputs;
  }

  override computeMask(): Tensor {
    // tfjs reads null as "no mask"; its type does not say so.
    return null as unknown as Tensor;
  }

  override call(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const batch = xs[0].shape[0] ?? 1;
    const made: Tensor[] = [];
    const named: Record<string, Tensor> = {};
    for (const input of this.spec.inputs) {
      if ('arg' in input) named[input.name] = xs[input.arg];
      else {
        const c = input.constant;
        const t = tf.tensor(c.values, c.shape, c.dtype);
        made.push(t);
        named[input.name] = t;
      }
    }
    try {
      const engine = tf.engine() as unknown as {
        runKernel(k: string, i: Record<string, Tensor>, a: unknown): Tensor | Tensor[];
      };
      const given = this.spec.arrayInputs ? this.spec.inputs.map((i) => named[i.name]) : named;
      return engine.runKernel(this.spec.kernel, given as Record<string, Tensor>, withBatch(this.spec.attrs, batch));
    } finally {
      // The tape keeps its own copies of what a gradient needs.
      for (const t of made) t.dispose();
    }
  }

  override getConfig() {
    return { ...super.getConfig(), op: this.encoded };
  }
}
tf.serialization.registerClass(OpLayer);
