import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers';

/**
 * `examples/vitest/`, a user's vitest project, run as its README says —
 * `npm test` there (vitest comes from this repository's devDependencies) —
 * once in each of vitest's pools: worker threads and child processes.
 * Its suite checks a pair with `toMatchFunctional`, asserts the failure
 * message of a diverging one, and draws specs with `@fast-check/vitest`'s
 * `test.prop`. It type-checks with its own tsconfig against the built
 * declarations, as a user's project would.
 */
const EXAMPLE = join(ROOT, 'examples', 'vitest');

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, {
    cwd: EXAMPLE,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    timeout: 600_000,
  });
  return { code: r.status, all: `${r.stdout}\n${r.stderr}` };
}

describe('examples/vitest', () => {
  it.each(['threads', 'forks'])(
    'npm test passes in the %s pool: matchers, the failure message, test.prop',
    (pool) => {
      // One worker: tfjs cases are CPU-bound, and jest already runs two suites at a time on this machine's two cores.
      const r = run('npm', ['test', '--', '--pool', pool, '--maxWorkers', '1']);
      expect({ code: r.code, out: r.code === 0 ? '' : r.all }).toEqual({ code: 0, out: '' });
      expect(r.all).toMatch(/Test Files\s+2 passed \(2\)/);
      expect(r.all).toMatch(/Tests\s+5 passed \(5\)/);
    },
    600_000,
  );

  it("type-checks: the matchers on vitest's Assertion, the arbitraries as test.prop arguments", () => {
    const r = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect({ code: r.code, out: r.all.trim() }).toEqual({ code: 0, out: '' });
  });
});
