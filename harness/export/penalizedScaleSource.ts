import { PENALIZED_SCALE_CLASS } from '../architecture/catalogue/penalizedScale';

/**
 * parity-check's own `penalizedScale` layer class as plain JavaScript, for
 * an exported script: the class `harness/architecture/catalogue/penalizedScale.ts`
 * defines, line for line (its TypeScript annotations aside), registered
 * under the same class name so a saved model reloads it. A script carries
 * it because the layer is not tfjs's: an upstream maintainer must see the
 * user code that calls `this.addLoss` in `call()`.
 *
 * Written out rather than read from the compiled class (`toString()`): the
 * compiled text depends on the compiler (jest's transform and `tsc` write
 * it differently), and the script's text must not. `specs/unit/export/penalizedScaleSource.spec.ts`
 * checks that this class and the harness's compute the same outputs,
 * weights, losses per call, config and reload.
 */
export const PENALIZED_SCALE_SOURCE = String.raw`
/**
 * parity-check's own custom layer (catalogue kind penalizedScale): x · scale over the last axis, and — as code ported
 * from Keras's self.add_loss(…) in call() does — call() adds an L2 penalty on its own scale with this.addLoss. tfjs
 * appends one more loss at every call and never clears them (Keras resets call-time losses at each call).
 */
class PenalizedScale extends tf.layers.Layer {
  static className = ${JSON.stringify(PENALIZED_SCALE_CLASS)};
  constructor(args) {
    super({ name: args.name });
    this.rate = args.rate;
    this.scaleInitializer = args.scaleInitializer;
    // A mask passes through unchanged: the layer keeps every time step.
    this.supportsMasking = true;
  }
  build(inputShape) {
    const s = Array.isArray(inputShape[0]) ? inputShape[0] : inputShape;
    this.scale = this.addWeight('scale', [s[s.length - 1]], 'float32', this.scaleInitializer ?? tf.initializers.ones());
    this.built = true;
  }
  computeOutputShape(inputShape) {
    return inputShape;
  }
  call(inputs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const scale = this.scale;
    // The user's line: one more penalty per call, read lazily (a closure, so it follows the weight's value).
    this.addLoss(() => tf.tidy(() => tf.mul(this.rate, tf.sum(tf.square(scale.read())))));
    return tf.mul(x, scale.read());
  }
  getConfig() {
    // The initializer is not saved: a reloaded layer gets its weights from the save.
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(PenalizedScale);
`;
