import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UsageError } from '../errors';
import { CONFIG_FILES } from './loadConfig';

/** The starting config `parity-check init` writes: the defaults spelt out, the example pair as input. */
export const STARTER_CONFIG = `// parity-check's settings. Every command-line option has a key here (a flag given
// on the command line overrides it); paths and globs are relative to this file.
// In TypeScript: parity-check.config.ts, export default defineConfig({ … }) from 'parity-check'.

/** @type {import('parity-check').Config} */
export default {
  // What to check: pair modules (a tf.layers.Layer subclass and its functional twin) and spec files.
  pairs: ['pairs/*.pair.mjs'],
  // specs: ['specs/*.json'],
  // runs: 40,                  // also fuzz this many generated architectures

  // How each case runs.
  backend: 'auto',              // tensorflow if installed, else wasm, else cpu
  seed: 42,
  steps: 2,
  batch: 4,
  optimizer: 'adam',
  loss: 'meanSquaredError',
  tolerance: 'exact',           // or 'ulp:N', 'atol:A,rtol:R'

  // Reports and exit code.
  reporters: ['console', 'json', 'junit', 'html'],
  strict: false,                // true: known tfjs behaviours fail too
};
`;

/** The example pair `parity-check init` writes: a residual block written both ways, at parity. */
export const EXAMPLE_PAIR = `// A pair module: the same model built twice, with the tf and the seeded
// initializers parity-check gives (init(key) is the same on both sides).
// Run it: npx parity-check   (or npx parity-check --pair pairs/residual.pair.mjs)
export default {
  name: 'residual block',
  inputs: [{ shape: [4] }],

  // The functional twin: tf.model over symbolic tensors.
  functional: ({ tf, init }) => {
    const x = tf.input({ shape: [4] });
    const h = tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: init('inner') }).apply(x);
    const r = tf.layers.dense({ units: 4, kernelInitializer: init('outer') }).apply(h);
    return tf.model({ inputs: x, outputs: tf.layers.add().apply([r, x]) });
  },

  // The custom layer: sublayers run imperatively in call().
  subclass: ({ tf, init }) => {
    class ResidualBlock extends tf.layers.Layer {
      static className = 'ExampleResidualBlock';
      constructor(args = {}) {
        super(args);
        this.inner = tf.layers.dense({ name: 'inner', units: 4, activation: 'relu', kernelInitializer: init('inner') });
        this.outer = tf.layers.dense({ name: 'outer', units: 4, kernelInitializer: init('outer') });
      }
      // Build the sublayers here, so a reloaded model has every weight before loading them.
      build(inputShape) {
        tf.tidy(() => { this.call(tf.zeros([1, ...inputShape.slice(1)]), {}); });
        super.build(inputShape);
      }
      // Expose the sublayers' weights: tfjs does not track them by itself.
      get trainableWeights() { return [...this.inner.trainableWeights, ...this.outer.trainableWeights]; }
      get nonTrainableWeights() { return []; }
      computeOutputShape(inputShape) { return inputShape; }
      call(inputs, kwargs) {
        return tf.tidy(() => {
          const x = Array.isArray(inputs) ? inputs[0] : inputs;
          return tf.add(this.outer.apply(this.inner.apply(x, kwargs), kwargs), x);
        });
      }
    }
    tf.serialization.registerClass(ResidualBlock);
    return new ResidualBlock();
  },
};
`;

/**
 * `parity-check init`: writes `parity-check.config.mjs` and
 * `pairs/residual.pair.mjs` in `dir`. Refuses, writing nothing, when a
 * config file or the example is already there. Returns what it wrote.
 */
export function initProject(dir = process.cwd()): string[] {
  const config = join(dir, 'parity-check.config.mjs');
  const pair = join(dir, 'pairs', 'residual.pair.mjs');
  const existing = [...CONFIG_FILES.map((f) => join(dir, f)), pair].find((f) => existsSync(f));
  if (existing)
    throw new UsageError(
      `init: ${relative(process.cwd(), existing) || existing} already exists; init writes nothing over it`,
    );
  for (const [file, text] of [
    [config, STARTER_CONFIG],
    [pair, EXAMPLE_PAIR],
  ] as const) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return [config, pair].map((f) => relative(process.cwd(), f) || f);
}
