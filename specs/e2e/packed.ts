import { spawnSync } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';

/** Runs a command as a user would, without colour, and keeps everything it printed. */
export function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 1_500_000,
  });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', all: `${r.stdout}\n${r.stderr}` };
}

/** What `npm pack --json` says of the tarball. */
export interface Packed {
  /** The tarball's path. */
  tarball: string;
  filename: string;
  size: number;
  entryCount: number;
  files: string[];
}

/**
 * Packs the package with `npm pack` from a clean copy of the sources (no
 * dist/): `prepare` must build what the package ships, and building there
 * never rewrites the dist/ other suites are running meanwhile.
 */
export function packClean(tmp: string): Packed {
  const clean = join(tmp, 'clean');
  for (const entry of [
    'package.json',
    'README.md',
    'tsconfig.json',
    'tsconfig.build.json',
    'harness',
    'bench',
    'bin',
    'tools',
    'fixtures/specs',
  ])
    cpSync(join(ROOT, entry), join(clean, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(clean, 'node_modules'), 'dir');
  const pack = run('npm', ['pack', '--json', '--pack-destination', tmp], clean);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.all}`);
  const packed = JSON.parse(pack.out.slice(pack.out.indexOf('[')))[0];
  return {
    tarball: join(tmp, packed.filename),
    filename: packed.filename,
    size: packed.size,
    entryCount: packed.entryCount,
    files: packed.files.map((f: { path: string }) => f.path),
  };
}

/** A residual block written both ways with the tf the harness gives; `skip: false` is the mistake. */
export const PAIR = (skip: boolean, head = 'export default') => `
${head} {
  name: ${JSON.stringify(skip ? 'residual' : 'residual (no skip)')},
  inputs: [{ shape: [4] }],
  functional: ({ tf, init }) => {
    const x = tf.input({ shape: [4] });
    const h = tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: init('d1') }).apply(x);
    const r = tf.layers.dense({ units: 4, kernelInitializer: init('d2') }).apply(h);
    return tf.model({ inputs: x, outputs: tf.layers.add().apply([r, x]) });
  },
  subclass: async ({ tf, init }) => {
    class Residual extends tf.layers.Layer {
      static className = ${JSON.stringify(skip ? 'UserResidual' : 'UserResidualNoSkip')};
      constructor(args = {}) {
        super({ name: args.name });
        this.d1 = tf.layers.dense({ name: 'd1', units: 4, activation: 'relu', kernelInitializer: init('d1') });
        this.d2 = tf.layers.dense({ name: 'd2', units: 4, kernelInitializer: init('d2') });
      }
      build(s) { tf.tidy(() => { this.call(tf.zeros([1, ...s.slice(1)]), {}); }); super.build(s); }
      get trainableWeights() { return [...this.d1.trainableWeights, ...this.d2.trainableWeights]; }
      get nonTrainableWeights() { return []; }
      computeOutputShape(s) { return s; }
      call(inputs, kwargs) {
        return tf.tidy(() => {
          const x = Array.isArray(inputs) ? inputs[0] : inputs;
          const h = this.d2.apply(this.d1.apply(x, kwargs), kwargs);
          return ${skip ? 'tf.add(h, x)' : 'h'};
        });
      }
    }
    tf.serialization.registerClass(Residual);
    return new Residual();
  },
};
`;
