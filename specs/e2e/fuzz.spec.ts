import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-fuzz-'));

function run(name: string, ...args: string[]) {
  const file = join(tmp, `${name}.json`);
  const r = spawnSync(process.execPath, [CLI, ...args, '--json', file, '--junit', join(tmp, `${name}.xml`)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    json: r.status === 2 ? undefined : JSON.parse(readFileSync(file, 'utf8')),
  };
}

/** The result without what legitimately differs between two runs: timings. */
function timeless(json: any) {
  return JSON.parse(JSON.stringify(json, (k, v) => (k === 'durationMs' || k === 'startedAt' ? undefined : v)));
}

describe('fuzz runs from the CLI', () => {
  it('the same seed gives the same cases and the same result file, with a coverage view', () => {
    const a = run(
      'a',
      '--runs',
      '12',
      '--seed',
      '3',
      '--spec',
      'fixtures/specs/article-1-mlp.json',
      '--backend',
      'cpu',
    );
    const b = run(
      'b',
      '--runs',
      '12',
      '--seed',
      '3',
      '--spec',
      'fixtures/specs/article-1-mlp.json',
      '--backend',
      'cpu',
    );
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
    // Named by the concatenation or by a layer after it whose output the swap changes (a rescaling the recipe keeps).
    const found = f.json.cases.find(
      (c: any) => c.shrunk !== undefined && c.knownCause === undefined && /^forward\|[^|]+\|forward$/.test(c.signature),
    );
    expect(found).toBeDefined();
    // The case keeps what it was; the minimal form sits beside it, with the same explanation (new).
    expect(found.knownCause).toBeUndefined();
    expect(found.shrunk.knownCause).toBeUndefined();
    expect(found.spec.layers.length).toBeGreaterThanOrEqual(found.shrunk.spec.layers.length);
    const r = run('r', '--replay', found.shrunk.replay, '--backend', 'cpu');
    expect(r.code).toBe(1);
    const again = r.json.cases[0];
    expect(again.source).toBe('replay');
    expect(again.spec).toEqual(found.shrunk.spec);
    expect(again.verdict).toBe(found.shrunk.verdict);
    expect(again.divergences).toEqual(found.shrunk.divergences);
  });

  it('refuses a token whose model decodes differently here, and replays one from another tfjs saying so', () => {
    const a = run('t', '--runs', '1', '--seed', '3', '--backend', 'cpu', '--no-fit', '--no-reload');
    const token = a.json.cases.find((c: any) => c.source === 'fuzz').replay as string;
    const body = JSON.parse(Buffer.from(token.slice(4), 'base64url').toString('utf8'));
    const forge = (stamp: object) =>
      'pc2.' + Buffer.from(JSON.stringify({ ...body, stamp: { ...body.stamp, ...stamp } })).toString('base64url');
    const other = run('o', '--replay', forge({ spec: '00000000', decoder: 'ffffffff' }), '--backend', 'cpu');
    expect(other.code).toBe(2);
    expect(other.err.trim()).toMatch(
      /^parity-check: replay token for 'fuzz-3-0' decodes to a different model here than where it was made \(its decoder ffffffff, this parity-check's [0-9a-f]{8}\)/,
    );
    const older = run('v', '--replay', forge({ tfjs: '4.0.0' }), '--backend', 'cpu');
    expect(older.json.cases[0].notes).toContain(
      'replayed on tfjs 4.22.0; the token was made with tfjs 4.0.0 (the same model, another tfjs)',
    );
    // The options the campaign ran with travel in the token: the replay runs no fit and no reload either.
    expect(older.json.cases[0].config).toMatchObject({ fit: false, reload: false });
  });

  it('rejects a damaged replay token, and one of the old format, as bad input', () => {
    const r = spawnSync(process.execPath, [CLI, '--replay', 'pc2.broken'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^parity-check: invalid replay token 'pc2\.broken'/);
    const old = spawnSync(process.execPath, [CLI, '--replay', 'pc1.eyJyZWNpcGUiOnt9fQ'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(old.status).toBe(2);
    expect(old.stderr.trim()).toMatch(/^parity-check: replay token 'pc1\.eyJyZWNpcGUiOnt9fQ' is of format pc1/);
  });
});
