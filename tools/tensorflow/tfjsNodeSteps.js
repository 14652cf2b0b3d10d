'use strict';
/**
 * The real steps of {@link ./chooseRoute.js}: tfjs-node's own install, and the
 * build of its addon against the TensorFlow C API of a `tensorflow-cpu` wheel.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { mirrorTree, removeAll } = require('./fileTree');
const { run } = require('./run');

/**
 * The wheel whose C API the addon is built against. Pinned: it is the one
 * checked to build tfjs-node 4.22's binding (written for libtensorflow 2.9)
 * and to export every TF_/TFE_ symbol it calls; the cache is keyed by it.
 */
const WHEEL = { name: 'tensorflow-cpu', version: '2.21.0' };
const MINUTE = 60_000;

/** The cache root: outside the repository and node_modules, so it survives `npm ci` and new clones. */
function cacheRoot(env = process.env) {
  return env.PARITY_CHECK_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'parity-check');
}

/**
 * The steps for the tfjs-node that `projectRoot` resolves.
 * @param {string} projectRoot
 * @returns {import('./chooseRoute').Steps}
 */
function tfjsNodeSteps(projectRoot) {
  let pkgDir = null;
  let version = '';
  try {
    const pkgJson = require.resolve('@tensorflow/tfjs-node/package.json', { paths: [projectRoot] });
    pkgDir = path.dirname(pkgJson);
    version = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  } catch {
    // Not installed: missingReason says so.
  }
  const root = cacheRoot();
  const cacheDir = path.join(
    root,
    `tfjs-node-${version}-tf${WHEEL.version}-${process.platform}-${process.arch}-napi${process.versions.napi}`,
  );
  fs.mkdirSync(root, { recursive: true });
  const ctx = { log: path.join(root, 'setup-tensorflow.log') };
  fs.writeFileSync(
    ctx.log,
    `parity-check tensorflow setup, ${new Date().toISOString()}, tfjs-node ${version || '(missing)'} in ${pkgDir}\n`,
  );
  const dir = () => /** @type {string} */ (pkgDir);

  return {
    cacheDir,
    log: ctx.log,
    skipReason: () =>
      /^(0|off|skip|false)$/i.test(process.env.PARITY_CHECK_TENSORFLOW ?? '')
        ? `skipped (PARITY_CHECK_TENSORFLOW=${process.env.PARITY_CHECK_TENSORFLOW})`
        : null,
    missingReason: () =>
      pkgDir
        ? null
        : '@tensorflow/tfjs-node is not installed (an optional dependency npm omitted, or removed when its install script failed)',
    probe: async () => probe(ctx, dir()),
    ownInstall: async () => ownInstall(ctx, dir()),
    cached: () => fs.existsSync(path.join(cacheDir, 'lib')),
    restore: async () => {
      removeAll(...built(dir()));
      mirrorTree(path.join(cacheDir, 'deps'), path.join(dir(), 'deps'));
      mirrorTree(path.join(cacheDir, 'lib'), path.join(dir(), 'lib'));
      return null;
    },
    buildFromWheel: async () => buildFromWheel(ctx, dir(), cacheDir),
  };
}

/** What a build adds to the tfjs-node package: libraries and headers, the addon, gyp's objects. */
const built = (pkgDir) => ['deps', 'lib', 'build'].map((d) => path.join(pkgDir, d));

/** Loads tfjs-node in a child (a broken native library must not take the install down) and reads TensorFlow's version. */
function probe(ctx, pkgDir) {
  const script = `const tf = require(${JSON.stringify(pkgDir)}); process.stdout.write(JSON.stringify({ backend: tf.getBackend(), tf: tf.backend().binding.TF_Version }));`;
  const r = run(ctx, 'loading tfjs-node', process.execPath, ['-e', script], { timeoutMs: 2 * MINUTE });
  if (!r.ok) return { ok: false, reason: r.reason };
  const { backend, tf } = JSON.parse(r.stdout);
  return backend === 'tensorflow'
    ? { ok: true, detail: `TensorFlow ${tf}` }
    : { ok: false, reason: `tfjs-node loaded but the backend is ${backend}` };
}

/** tfjs-node's install script, as npm would have run it (npm is told not to: see package.json allowScripts). */
function ownInstall(ctx, pkgDir) {
  // It rewrites its package.json while building and restores it only on success.
  const pkgJson = path.join(pkgDir, 'package.json');
  const original = fs.readFileSync(pkgJson);
  const r = run(ctx, "tfjs-node's install script", process.execPath, ['scripts/install.js'], {
    cwd: pkgDir,
    timeoutMs: 10 * MINUTE,
  });
  if (r.ok) return null;
  fs.writeFileSync(pkgJson, original);
  removeAll(...built(pkgDir));
  return r.reason;
}

/** Checks the tools, downloads the wheel, builds the addon in tfjs-node, then stores libraries and addon in the cache. */
function buildFromWheel(ctx, pkgDir, cacheDir) {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `the ${WHEEL.name} wheel route is built for linux x64, this is ${process.platform} ${process.arch}`;
  const python = process.env.PYTHON || 'python3';
  for (const [label, cmd, args] of [
    ['pip', python, ['-m', 'pip', '--version']],
    ['a C++ compiler', 'c++', ['--version']],
    ['make', 'make', ['--version']],
  ]) {
    if (!run(ctx, label, cmd, args).ok) return `${label} is not available (${[cmd, ...args].join(' ')} failed)`;
  }
  const staging = `${cacheDir}.partial-${process.pid}`;
  removeAll(staging);
  try {
    // Short retries: where the default index is unreachable pip would otherwise retry for minutes
    // before the configured local index answers. PIP_* variables and pip.conf still apply.
    const pip = run(
      ctx,
      'pip download',
      python,
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary=:all:',
        '--retries',
        '1',
        '--timeout',
        '15',
        '--dest',
        path.join(staging, 'wheel'),
        `${WHEEL.name}==${WHEEL.version}`,
      ],
      { timeoutMs: 20 * MINUTE },
    );
    if (!pip.ok) return pip.reason;
    const wheel = fs.readdirSync(path.join(staging, 'wheel')).find((f) => f.endsWith('.whl'));
    const extract = run(ctx, 'extracting the wheel', python, [
      path.join(__dirname, 'extractWheel.py'),
      path.join(staging, 'wheel', wheel),
      path.join(staging, 'deps'),
    ]);
    if (!extract.ok) return extract.reason;
    removeAll(path.join(staging, 'wheel'));
    // Debug symbols are a fifth of the size; a missing strip costs only disk.
    const libs = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'].map((l) =>
      path.join(staging, 'deps', 'lib', l),
    );
    run(ctx, 'strip', 'strip', libs);

    removeAll(...built(pkgDir));
    mirrorTree(path.join(staging, 'deps'), path.join(pkgDir, 'deps'));
    const gyp = run(
      ctx,
      'building the tfjs-node addon',
      process.execPath,
      [
        require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [pkgDir] }),
        'install',
        '--build-from-source',
        ...nodedir(),
      ],
      { cwd: pkgDir, timeoutMs: 20 * MINUTE },
    );
    if (!gyp.ok) return gyp.reason;
    removeAll(path.join(pkgDir, 'build'));
    mirrorTree(path.join(pkgDir, 'lib'), path.join(staging, 'lib'));
    removeAll(cacheDir);
    fs.renameSync(staging, cacheDir);
    return null;
  } finally {
    removeAll(staging);
  }
}

/**
 * Node's headers for node-gyp. Under npm, `npm_config_nodedir` carries the
 * user's setting; otherwise the headers installed beside this node, because
 * node-gyp's default downloads them.
 */
function nodedir() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

module.exports = { tfjsNodeSteps, cacheRoot, WHEEL };
