import { join } from 'node:path';
import { ROOT } from '../../helpers';

type Outcome = { ok: true; detail: string } | { ok: false; reason: string };
interface Steps {
  skipReason(): string | null;
  missingReason(): string | null;
  probe(): Promise<Outcome>;
  ownInstall(): Promise<string | null>;
  cached(): boolean;
  restore(): Promise<string | null>;
  buildFromWheel(): Promise<string | null>;
  cacheDir: string;
  log: string;
}
// Plain JavaScript, because it runs at install time before anything is compiled.
const { chooseRoute } = require(join(ROOT, 'tools', 'tensorflow', 'chooseRoute.js')) as {
  chooseRoute(s: Steps): Promise<{ route: string; line: string }>;
};

/** A machine where each step does what `world` says, recording the steps taken. */
function fake(world: {
  skip?: string;
  missing?: string;
  loadsAtFirst?: boolean;
  own?: string | null;
  cache?: 'none' | 'good' | 'broken';
  build?: string | null;
}) {
  const taken: string[] = [];
  let loads = world.loadsAtFirst ?? false;
  const steps: Steps = {
    cacheDir: '/cache/tfjs-node-x',
    log: '/cache/setup.log',
    skipReason: () => world.skip ?? null,
    missingReason: () => world.missing ?? null,
    probe: async () => (
      taken.push('probe'),
      loads
        ? { ok: true, detail: 'TensorFlow 2.21.0' }
        : { ok: false, reason: 'libtensorflow.so.2: cannot open shared object file' }
    ),
    ownInstall: async () => {
      taken.push('own');
      const r = world.own === undefined ? 'Error: getaddrinfo ENOTFOUND storage.googleapis.com' : world.own;
      if (r === null) loads = true;
      return r;
    },
    cached: () => (world.cache ?? 'none') !== 'none',
    restore: async () => (taken.push('restore'), (loads = world.cache === 'good'), null),
    buildFromWheel: async () => {
      taken.push('build');
      const r = world.build === undefined ? null : world.build;
      if (r === null) loads = true;
      return r;
    },
  };
  return { steps, taken };
}

describe('chooseRoute: how the install sets up the tensorflow backend', () => {
  it('an opt-out tries nothing and says runs will use wasm, then cpu', async () => {
    const { steps, taken } = fake({ skip: 'skipped (PARITY_CHECK_TENSORFLOW=skip)' });
    expect(await chooseRoute(steps)).toEqual({
      route: 'none',
      line: 'tensorflow backend: unavailable — skipped (PARITY_CHECK_TENSORFLOW=skip); runs will use the wasm backend, then cpu',
    });
    expect(taken).toEqual([]);
  });

  it('a missing tfjs-node is named, and nothing is built', async () => {
    const { steps, taken } = fake({ missing: '@tensorflow/tfjs-node is not installed' });
    const r = await chooseRoute(steps);
    expect(r.route).toBe('none');
    expect(r.line).toMatch(
      /^tensorflow backend: unavailable — @tensorflow\/tfjs-node is not installed; runs will use the wasm backend, then cpu$/,
    );
    expect(taken).toEqual([]);
  });

  it('a tfjs-node that already loads is left as it is', async () => {
    const { steps, taken } = fake({ loadsAtFirst: true });
    expect(await chooseRoute(steps)).toEqual({
      route: 'present',
      line: 'tensorflow backend: ready, already set up (TensorFlow 2.21.0)',
    });
    expect(taken).toEqual(['probe']);
  });

  it("tfjs-node's own install comes first, and when it works neither the cache nor the wheel is touched", async () => {
    const { steps, taken } = fake({ own: null, cache: 'good' });
    expect(await chooseRoute(steps)).toEqual({
      route: 'own-install',
      line: "tensorflow backend: ready via tfjs-node's own install (TensorFlow 2.21.0)",
    });
    expect(taken).toEqual(['probe', 'own', 'probe']);
  });

  it('when its own install fails, a cached wheel build is restored, not rebuilt, and the line says why', async () => {
    const { steps, taken } = fake({ cache: 'good' });
    const r = await chooseRoute(steps);
    expect(r).toEqual({
      route: 'cache',
      line: "tensorflow backend: ready via the cached wheel build in /cache/tfjs-node-x (TensorFlow 2.21.0); tfjs-node's own install failed (Error: getaddrinfo ENOTFOUND storage.googleapis.com)",
    });
    expect(taken).toEqual(['probe', 'own', 'restore', 'probe']);
  });

  it('a cached build that does not load is rebuilt from the wheel', async () => {
    const { steps, taken } = fake({ cache: 'broken' });
    expect((await chooseRoute(steps)).route).toBe('wheel');
    expect(taken).toEqual(['probe', 'own', 'restore', 'probe', 'build', 'probe']);
  });

  it('with no cache the addon is built from the wheel', async () => {
    const { steps, taken } = fake({});
    const r = await chooseRoute(steps);
    expect(r.route).toBe('wheel');
    expect(r.line).toBe(
      "tensorflow backend: ready via a TensorFlow wheel, built and cached in /cache/tfjs-node-x (TensorFlow 2.21.0); tfjs-node's own install failed (Error: getaddrinfo ENOTFOUND storage.googleapis.com)",
    );
    expect(taken).toEqual(['probe', 'own', 'build', 'probe']);
  });

  it('an own install that exits 0 but does not load is a failure, and the wheel route follows', async () => {
    const { steps } = fake({ own: null });
    steps.ownInstall = async () => null; // succeeds without making tfjs-node load
    const r = await chooseRoute(steps);
    expect(r.route).toBe('wheel');
    expect(r.line).toMatch(/tfjs-node's own install failed \(it finished but tfjs-node does not load\)$/);
  });

  it('when both routes fail, the install still succeeds with both reasons, the log, and the fallback in one line', async () => {
    const { steps } = fake({ build: 'pip is not available (python3 -m pip --version failed)' });
    const r = await chooseRoute(steps);
    expect(r.route).toBe('none');
    expect(r.line.split('\n')).toHaveLength(1);
    expect(r.line).toBe(
      "tensorflow backend: unavailable — tfjs-node's own install failed (Error: getaddrinfo ENOTFOUND storage.googleapis.com); building from a TensorFlow wheel failed (pip is not available (python3 -m pip --version failed)); details in /cache/setup.log; runs will use the wasm backend, then cpu",
    );
  });
});
