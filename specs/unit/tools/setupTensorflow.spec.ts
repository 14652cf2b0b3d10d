import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers';

const { telling } = require(join(ROOT, 'tools', 'tensorflow', 'run.js')) as { telling(text: string): string };

/** A project whose node_modules holds a stand-in tfjs-node, with the real setup script copied in. */
function fakeProject(tfjsNode: { install: string; index: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'parity-check-setup-'));
  mkdirSync(join(dir, 'tools'));
  spawnSync('cp', ['-r', join(ROOT, 'tools', 'tensorflow'), join(dir, 'tools', 'tensorflow')]);
  const pkg = join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
  mkdirSync(join(pkg, 'scripts'), { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }),
  );
  writeFileSync(join(pkg, 'scripts', 'install.js'), tfjsNode.install);
  writeFileSync(join(pkg, 'index.js'), tfjsNode.index);
  return dir;
}

/** Runs the install step as npm does, with a cache of its own and `python3` replaced by a fake. */
function setup(project: string, fakePython: string) {
  const bin = join(project, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'python3'), `#!/bin/sh\n${fakePython}\n`);
  chmodSync(join(bin, 'python3'), 0o755);
  const cache = join(project, 'cache');
  const r = spawnSync(process.execPath, [join(project, 'tools', 'tensorflow', 'setupTensorflow.js')], {
    encoding: 'utf8',
    env: { ...process.env, PARITY_CHECK_CACHE: cache, PYTHON: join(bin, 'python3'), PARITY_CHECK_TENSORFLOW: '' },
  });
  return { ...r, cache };
}

const OFFLINE_INSTALL = `console.error('* Downloading libtensorflow'); const e = new Error('getaddrinfo ENOTFOUND storage.googleapis.com'); console.error(e.stack); process.exit(1);`;
const NOT_BUILT = `throw new Error('The specified module could not be found: tfjs_binding.node');`;

describe('setupTensorflow.js, run as the install step with fake commands', () => {
  it('offline and without pip: exit 0, one line giving both reasons and the fallback, details in the log', () => {
    const project = fakeProject({ install: OFFLINE_INSTALL, index: NOT_BUILT });
    const r = setup(project, `echo "/usr/bin/python3: No module named pip" >&2; exit 1`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(
      /^parity-check: tensorflow backend: unavailable — tfjs-node's own install failed \(tfjs-node's install script: exit 1, "Error: getaddrinfo ENOTFOUND storage.googleapis.com"\); building from a TensorFlow wheel failed \(pip is not available \(.*python3 -m pip --version failed\)\); details in .*setup-tensorflow.log; runs will use the wasm backend, then cpu \[\d+ s\]\n$/,
    );
    expect(readFileSync(join(r.cache, 'setup-tensorflow.log'), 'utf8')).toContain('No module named pip');
  });

  it('a pip that cannot find the wheel is quoted', () => {
    const project = fakeProject({ install: OFFLINE_INSTALL, index: NOT_BUILT });
    const pip = `if [ "$2" = "pip" ] && [ "$3" = "download" ]; then echo "ERROR: No matching distribution found for tensorflow-cpu==2.21.0" >&2; exit 1; fi; exit 0`;
    const r = setup(project, pip);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'building from a TensorFlow wheel failed (pip download: exit 1, "ERROR: No matching distribution found for tensorflow-cpu==2.21.0")',
    );
  });

  it('a tfjs-node whose own install works is reported as such, and its package.json is left as it was', () => {
    const index = `exports.getBackend = () => require('fs').existsSync(__dirname + '/lib/ok') ? 'tensorflow' : 'cpu'; exports.backend = () => ({ binding: { TF_Version: '2.9.1' } });`;
    const project = fakeProject({
      install: `require('fs').mkdirSync(__dirname + '/../lib'); require('fs').writeFileSync(__dirname + '/../lib/ok', '');`,
      index,
    });
    const r = setup(project, 'exit 1');
    expect(r.stdout).toMatch(
      /^parity-check: tensorflow backend: ready via tfjs-node's own install \(TensorFlow 2\.9\.1\) \[\d+ s\]\n$/,
    );
  });
});

describe('telling: the line of a failed step that says what went wrong', () => {
  it("prefers a thrown error's header over the stack frames and event lines after it", () => {
    const out = [
      '* Downloading libtensorflow',
      'node:events:502',
      '      throw er; // Unhandled',
      'Error: getaddrinfo ENOTFOUND storage.googleapis.com',
      '    at GetAddrInfoReqWrap.onlookupall (node:dns:122:26)',
      "Emitted 'error' event on ClientRequest instance at:",
      '    at emitErrorCloseNT (node:internal/streams/destroy:128:3)',
      'Node.js v20.20.2',
    ].join('\n');
    expect(telling(out)).toBe(', "Error: getaddrinfo ENOTFOUND storage.googleapis.com"');
  });

  it("quotes gyp's and pip's error lines, shortens long ones, and is empty for no output", () => {
    expect(telling('gyp info it worked\ngyp ERR! stack Error: `make` failed with exit code: 2\ngyp ERR! not ok')).toBe(
      ', "gyp ERR! stack Error: `make` failed with exit code: 2"',
    );
    expect(telling(`ERROR: ${'x'.repeat(300)}`)).toMatch(/^, "ERROR: x+…"$/);
    expect(telling(`ERROR: ${'x'.repeat(300)}`).length).toBeLessThan(170);
    expect(telling('')).toBe('');
  });
});
