import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KERNEL_CAUSES, KNOWN_CAUSES } from '../../../harness';
import { ROOT } from '../../helpers';

/** Every regression fixture under fixtures/regressions/, recursively, as [path from the root, recorded cause]. */
function fixtures(dir = join(ROOT, 'fixtures', 'regressions')): [string, string | undefined][] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return fixtures(path);
    if (!f.endsWith('.json')) return [];
    return [[relative(ROOT, path), JSON.parse(readFileSync(path, 'utf8')).expect.cause as string | undefined]];
  });
}

/** `fixtures/regressions/multi-output-*.json` as a regular expression. */
const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

/** The causes a recorded cause names: one id, or several joined by '+' (a joint proof: gone only together). */
const partsOf = (recorded: string | undefined) => recorded?.split('+') ?? [];

describe('known causes and their regression fixtures', () => {
  const all = fixtures();

  it.each([...KNOWN_CAUSES, ...KERNEL_CAUSES].map((k) => [k.id, k] as const))(
    '%s names fixtures that exist and record it',
    (id, cause) => {
      const named = all.filter(([path]) => globToRegExp(cause.fixture).test(path));
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter(([, recorded]) => !partsOf(recorded).includes(id))).toEqual([]);
    },
  );

  it('every fixture that records a cause records a known one', () => {
    const ids = new Set([...KNOWN_CAUSES, ...KERNEL_CAUSES].map((k) => k.id));
    expect(all.filter(([, cause]) => partsOf(cause).some((id) => !ids.has(id)))).toEqual([]);
  });
});
