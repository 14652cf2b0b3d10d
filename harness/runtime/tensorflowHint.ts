import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The one line that tells a user how to get the `tensorflow` backend: run the
 * install step that sets tfjs-node up (its own download, else a build against
 * a TensorFlow wheel pip can obtain). Where parity-check is a dependency its
 * install script may not have run (npm blocks unapproved dependency scripts),
 * and tfjs-node may be missing (npm drops an optional dependency whose own
 * script failed): `--ignore-scripts` keeps it whatever the user's npm does.
 */
export function tensorflowHint(missing: boolean, cwd: string = process.cwd()): string {
  const script = setupScript();
  const run = script ? `node ${relative(cwd, script) || script}` : 'npm rebuild parity-check';
  return missing
    ? `for the tensorflow backend: npm install --ignore-scripts @tensorflow/tfjs-node && ${run}`
    : `to set up the tensorflow backend: ${run}`;
}

/** tools/tensorflow/setupTensorflow.js of this parity-check: beside the package.json named parity-check above this file. */
function setupScript(): string | undefined {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'parity-check') {
      const script = join(dir, 'tools', 'tensorflow', 'setupTensorflow.js');
      return existsSync(script) ? script : undefined;
    }
  }
  return undefined;
}
