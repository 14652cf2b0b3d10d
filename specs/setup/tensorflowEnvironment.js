// testEnvironment of the jest project `tensorflow`.
//
// jest runs each suite in its own vm context, with its own Float32Array,
// Int32Array, Uint8Array and ArrayBuffer; tfjs-node's native addon creates
// typed arrays in the main context. tfjs's own checks (`instanceof
// Float32Array` when it serializes weights for model.save) then fail with
// "Unsupported TypedArray subtype: Float32Array" on both sides alike — a
// property of jest's sandbox, not of the backend: the CLI, outside jest, has
// one context and saves fine. The suites see the main context's constructors.
const { TestEnvironment } = require('jest-environment-node');

class TensorflowEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['Float32Array', 'Int32Array', 'Uint8Array', 'ArrayBuffer'])
      this.global[name] = globalThis[name];
  }
}

module.exports = TensorflowEnvironment;
