import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-fuzz-'));

function run(name: string, ...args: string[]) {
  const file = join(tmp, `${name}.json`);
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', file, '--junit', join(tmp, `${name}.xml`)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.status === 2 ? undefined : JSON.parse(readFileSync(file, 'utf8')) };
}

/** The result without what legitimately differs between two runs: timings. */
function timeless(json: any) {
  return JSON.parse(JSON.stringify(json, (k, v) => (k === 'durationMs' || k === 'startedAt' ? undefined : v)));
}

describe('fuzz runs from the CLI', () => {
  it('the same seed gives the same cases and the same result file, with a coverage view', () => {
    const a = run('a', '--runs', '12', '--seed', '3', '--spec', 'fixtures/specs/article-1-mlp.json', '--backend', 'cpu');
    const b = run('b', '--runs', '12', '--seed', '3', '--spec', 'fixtures/specs/article-1-mlp.json', '--backend', 'cpu');
    expect(a.json.cases).toHaveLength(13);
    expect(timeless(b.json)).toEqual(timeless(a.json));
    expect(Object.keys(a.json.fuzz.coverage)).toContain('lstm');
    expect(a.out).toMatch(/coverage: \d+ of \d+ layer kinds generated/);
    expect(a.out).toMatch(/fuzz: 12 generated cases from seed 3/);
  });

  it('finds a mutant, shrinks it, and --replay reproduces the minimal case exactly', () => {
    const f = run('m', '--runs', '20', '--seed', '7', '--mutant', 'concat-swap', '--backend', 'cpu');
    expect(f.code).toBe(1);
    // The mutant's finding (other shrunk findings may be recorded tfjs behaviours, e.g. the dispose leak of a shared layer).
    const shrunk = f.json.cases.find((c: any) => c.shrinkSteps !== undefined && /^forward\|concatenate\|/.test(c.signature));
    expect(shrunk).toBeDefined();
    expect(shrunk.originalSpec.layers.length).toBeGreaterThanOrEqual(shrunk.spec.layers.length);
    const r = run('r', '--replay', shrunk.replay, '--backend', 'cpu');
    expect(r.code).toBe(1);
    const again = r.json.cases[0];
    expect(again.source).toBe('replay');
    expect(again.spec).toEqual(shrunk.spec);
    expect(again.verdict).toBe(shrunk.verdict);
    expect(again.divergences).toEqual(shrunk.divergences);
  });

  it('rejects a damaged replay token as bad input', () => {
    const r = spawnSync(process.execPath, [CLI, '--replay', 'pc1.broken'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^parity-check: invalid replay token 'pc1\.broken'/);
  });
});
