// A custom layer as it lives in a user's code base: a residual block
// (dense → dense, plus its input) defined at module level with the
// application's own `@tensorflow/tfjs`. Under jest and under the CLI that
// import is the same tfjs instance parity-check uses (one install), so the
// pair below may hand this class to the harness as it is.
import * as tf from '@tensorflow/tfjs';

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** What a ResidualBlock is made with. */
export interface ResidualBlockArgs {
  units: number;
  /** Kernel initializers of the two dense layers (a test seeds them). */
  initializers?: { inner?: Initializer; outer?: Initializer };
  /** The mistake this example catches: forget to add the input back. */
  skip?: boolean;
  name?: string;
}

/** `x + dense(dense(x))`, its sublayers tracked, built eagerly and serializable. */
export class ResidualBlock extends tf.layers.Layer {
  static className = 'ExampleResidualBlock';
  private readonly inner: tf.layers.Layer;
  private readonly outer: tf.layers.Layer;
  private readonly skip: boolean;
  private readonly units: number;

  constructor(args: ResidualBlockArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.skip = args.skip ?? true;
    this.inner = tf.layers.dense({
      name: 'inner',
      units: args.units,
      activation: 'relu',
      kernelInitializer: args.initializers?.inner,
    });
    this.outer = tf.layers.dense({ name: 'outer', units: args.units, kernelInitializer: args.initializers?.outer });
  }

  // Sublayers build on a first call: do it here so a reloaded model has every weight before loading them.
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    tf.tidy(() => {
      this.call(tf.zeros([1, ...(shape.slice(1) as number[])]), {});
    });
    super.build(inputShape);
  }

  override get trainableWeights(): tf.LayerVariable[] {
    return [...this.inner.trainableWeights, ...this.outer.trainableWeights];
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    // tidy: an eager call would otherwise leak its intermediate tensors.
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const h = this.outer.apply(this.inner.apply(x, kwargs), kwargs) as tf.Tensor;
      return this.skip ? tf.add(h, x) : h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, skip: this.skip };
  }
}
tf.serialization.registerClass(ResidualBlock);
