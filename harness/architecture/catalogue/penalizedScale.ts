import { z } from 'zod';
import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../../runtime/tf';
import type { CreateContext, Initializer, LayerKind, TfLayer } from './LayerKind';
import { compact, expectRank, float, initializer } from './options';

const config = z
  .object({
    /** Weight of the L2 penalty `rate · Σ scale²` that `call()` adds with `addLoss`. */
    rate: z.number().positive(),
    scaleInitializer: initializer.optional(),
  })
  .strict();

/** The tfjs class name the layer registers for serialization (a saved model names it). */
export const PENALIZED_SCALE_CLASS = 'ParityCheckPenalizedScale';

/** The class's constructor arguments. */
export interface PenalizedScaleArgs {
  name?: string;
  rate: number;
  scaleInitializer?: Initializer;
}

// One class per tfjs instance, made on first use: the catalogue loads without tfjs (types only), as every kind does.
const classes = new WeakMap<Tf, new (args: PenalizedScaleArgs) => TfLayer>();

/**
 * The layer class: `x · scale` over the last axis, and — as real user code
 * written after Keras's `self.add_loss(…)` in `call()` does — `call()` adds
 * an L2 penalty on its own scale with `this.addLoss`. tfjs 4.22 appends one
 * more loss at every call and never clears them (Keras resets a layer's
 * call-time losses at each call), so what `calculateLosses()` returns
 * grows with the number of calls (known cause `add-loss-per-call`).
 * Registered for serialization: a saved model reloads it.
 */
export function penalizedScaleClass(tf: Tf): new (args: PenalizedScaleArgs) => TfLayer {
  const made = classes.get(tf);
  if (made) return made;
  class PenalizedScale extends tf.layers.Layer {
    static className = PENALIZED_SCALE_CLASS;
    readonly rate: number;
    private readonly scaleInitializer?: Initializer;
    private scale?: ReturnType<TfLayer['addWeight']>;
    constructor(args: PenalizedScaleArgs) {
      super({ name: args.name });
      this.rate = args.rate;
      this.scaleInitializer = args.scaleInitializer;
      // A mask passes through unchanged: the layer keeps every time step.
      this.supportsMasking = true;
    }
    override build(inputShape: (number | null)[] | (number | null)[][]): void {
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
      this.scale = this.addWeight(
        'scale',
        [s[s.length - 1]!],
        'float32',
        this.scaleInitializer ?? tf.initializers.ones(),
      );
      this.built = true;
    }
    override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
      return inputShape;
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const scale = this.scale!;
      // The user's line: one more penalty per call, read lazily (a closure, so it follows the weight's value).
      this.addLoss(() => tf.tidy(() => tf.mul(this.rate, tf.sum(tf.square(scale.read())))));
      return tf.mul(x, scale.read());
    }
    override getConfig() {
      // The initializer is not saved: a reloaded layer gets its weights from the save.
      return { ...super.getConfig(), rate: this.rate };
    }
  }
  tf.serialization.registerClass(PenalizedScale);
  classes.set(tf, PenalizedScale);
  return PenalizedScale;
}

/**
 * `penalizedScale`: a custom layer (not a tfjs built-in) whose `call()`
 * calls `this.addLoss(…)`, as hand-written layers ported from Keras do.
 * Acts on the last axis of an input of any rank; the generator draws it
 * rarely (decodeRecipe's `penalize` step).
 */
export const penalizedScale: LayerKind<z.infer<typeof config>> = {
  kind: 'penalizedScale',
  className: PENALIZED_SCALE_CLASS,
  arity: 'unary',
  config,
  output: ([x]) => float(expectRank(x, { min: 1 }, 'penalizedScale')),
  input: { rank: { min: 1 } },
  sample: (p) =>
    compact({ rate: p.pick([0.01, 0.1, 1]), scaleInitializer: p.pick([undefined, 'randomNormal'] as const) }),
  signature: ([x]) => `last axis ${x.shape[x.shape.length - 1]}`,
  create: (ctx: CreateContext<z.infer<typeof config>>) => new (penalizedScaleClass(ctx.tf))(penalizedScaleArgs(ctx)),
};

/**
 * The constructor arguments the catalogue gives the class for one spec
 * layer — shared with the standalone export, which writes the same
 * `new PenalizedScale(…)` call with them.
 */
export function penalizedScaleArgs({
  name,
  config: c,
  init,
}: Pick<CreateContext<z.infer<typeof config>>, 'name' | 'config' | 'init'>): PenalizedScaleArgs {
  return { name, rate: c.rate, scaleInitializer: init('scale', c.scaleInitializer, 'ones') };
}
