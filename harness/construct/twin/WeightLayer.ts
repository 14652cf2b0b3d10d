import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../../runtime/tf';

type LayerVariable = ReturnType<InstanceType<typeof tf.layers.Layer>['addWeight']>;

/** What a weight layer holds: one weight as the custom layer created it. */
export interface WeightArgs {
  weightName: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Whether the weight trains (`addWeight`'s `trainable`). */
  trainableWeight: boolean;
  /** The regularizer the custom layer gave `addWeight`, serialized: the twin's loss must count it as the layer's does. */
  regularizer?: { className: string; config: Record<string, unknown> };
  name?: string;
}

/**
 * A layer holding one weight a custom layer owns (`addWeight`) and
 * returning its value: the derived twin's source for an op that reads the
 * weight. Its value is the weight's identity, so gradients reach it; it
 * takes the model's first input only to be part of the graph. Registered as
 * `ParityCheckWeight`.
 */
export class WeightLayer extends tf.layers.Layer {
  static className = 'ParityCheckWeight';
  private readonly args: WeightArgs;
  private weight?: LayerVariable;

  constructor(args: WeightArgs & { trainable?: boolean }) {
    const { weightName, shape, dtype, trainableWeight, regularizer, ...base } = args;
    super(base);
    this.args = { weightName, shape, dtype, trainableWeight, ...(regularizer ? { regularizer } : {}) };
    this.supportsMasking = true;
  }

  override build(): void {
    const a = this.args;
    // Zeros: the twin sets every weight to the traced layer's value before anything reads it.
    const registry = tf.serialization.SerializationMap.getMap().classNameMap as unknown as Record<
      string,
      [unknown, (cls: unknown, config: unknown) => unknown]
    >;
    const entry = a.regularizer ? registry[a.regularizer.className] : undefined;
    const regularizer = entry ? (entry[1](entry[0], a.regularizer!.config) as never) : undefined;
    this.weight = this.addWeight(
      a.weightName,
      a.shape,
      a.dtype,
      tf.initializers.zeros(),
      regularizer,
      a.trainableWeight,
    );
    this.built = true;
  }

  override computeOutputShape(): number[] {
    return this.args.shape;
  }

  override computeMask(): Tensor {
    // tfjs reads null as "no mask"; its type does not say so.
    return null as unknown as Tensor;
  }

  override call(): Tensor {
    return tf.clone(this.weight!.read());
  }

  override getConfig() {
    return { ...super.getConfig(), ...this.args } as unknown as ReturnType<
      InstanceType<typeof tf.layers.Layer>['getConfig']
    >;
  }
}
tf.serialization.registerClass(WeightLayer);
