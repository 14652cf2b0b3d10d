import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers';

/**
 * Campaigns as users run them: the same seed gives the same result file
 * whatever the number of workers, shards merge into the unsharded result,
 * and a run stopped by SIGTERM keeps what finished and resumes to the
 * result of an unstopped run. Timings are the only fields allowed to differ.
 */

const tmp = mkdtempSync(join(tmpdir(), 'parity-check-campaign-'));

function cli(name: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--quiet', ...reports(name)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    json: existsSync(join(tmp, `${name}.json`))
      ? JSON.parse(readFileSync(join(tmp, `${name}.json`), 'utf8'))
      : undefined,
  };
}

const reports = (name: string) => [
  '--json',
  join(tmp, `${name}.json`),
  '--junit',
  join(tmp, `${name}.xml`),
  '--html',
  join(tmp, `${name}.html`),
  '--jsonl',
  join(tmp, `${name}.jsonl`),
];

/** A result without what legitimately differs between two runs of it: timings, and where reports went. */
function timeless(json: any) {
  return JSON.parse(
    JSON.stringify(json, (k, v) => (k === 'durationMs' || k === 'startedAt' || k === 'ms' ? undefined : v)),
  );
}

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"case"')).length
    : 0;

describe('campaigns', () => {
  it('--workers 1 and --workers 2 give the same result file, shrinking included', () => {
    const args = ['--runs', '20', '--seed', '7', '--mutant', 'concat-swap', '--backend', 'cpu'];
    const one = cli('w1', [...args, '--workers', '1']);
    const two = cli('w2', [...args, '--workers', '2']);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(one.json.cases.some((c: any) => c.shrunk !== undefined)).toBe(true);
    expect(timeless(two.json)).toEqual(timeless(one.json));
  });

  it('two shards merged (from JSON and from JSONL) equal the unsharded run', () => {
    const args = [
      '--runs',
      '16',
      '--seed',
      '3',
      '--spec',
      'fixtures/specs/article-1-mlp.json',
      '--backend',
      'cpu',
      '--workers',
      '2',
    ];
    const whole = cli('whole', args);
    const a = cli('s1', [...args, '--shard', '1/2']);
    const b = cli('s2', [...args, '--shard', '2/2']);
    expect(a.json.cases.length + b.json.cases.length).toBe(whole.json.cases.length);
    expect(a.json.shard).toEqual({ index: 1, total: 2 });
    for (const [name, files] of [
      ['merged', ['s1.json', 's2.json']],
      ['merged-jsonl', ['s2.jsonl', 's1.jsonl']],
    ] as const) {
      const m = spawnSync(
        process.execPath,
        [CLI, 'merge', ...files.map((f) => join(tmp, f)), ...reports(name).slice(0, 6)],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(m.status).toBe(whole.code);
      const merged = JSON.parse(readFileSync(join(tmp, `${name}.json`), 'utf8'));
      expect(timeless(merged)).toEqual(timeless(whole.json));
    }
  });

  it('merge refuses an incomplete set of shards, naming what is missing', () => {
    const m = spawnSync(process.execPath, [CLI, 'merge', join(tmp, 's1.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(m.status).toBe(2);
    expect(m.stderr.trim()).toBe('parity-check: merge: shard 2/2 missing');
  });

  it('SIGTERM mid-run exits 143 keeping every finished case; --resume completes it to the unstopped result', async () => {
    // 120 cases: the signal comes once five have finished, so well over a hundred are still to run.
    const args = [
      '--spec',
      'fixtures/specs/article-1-mlp.json',
      '--runs',
      '120',
      '--seed',
      '5',
      '--backend',
      'cpu',
      '--workers',
      '2',
      '--no-shrink',
    ];
    const jsonl = join(tmp, 'stopped.jsonl');
    const child = spawn(process.execPath, [CLI, ...args, '--quiet', ...reports('stopped')], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait for finished cases, not for a time: the signal lands once five are written.
    while (lines(jsonl) < 5) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(err).toMatch(/SIGTERM: stopping/);
    const stopped = JSON.parse(readFileSync(join(tmp, 'stopped.json'), 'utf8'));
    expect(stopped.interrupted).toBe(true);
    expect(stopped.planned).toBe(121);
    // Every finished case is in the report and in the JSONL; the ones running were ended, not reported as finished.
    expect(stopped.cases.length).toBeGreaterThanOrEqual(5);
    expect(stopped.cases.length).toBeLessThan(121);
    expect(lines(jsonl)).toBe(stopped.cases.length);

    const resumed = cli('stopped', [...args, '--resume']);
    const unstopped = cli('unstopped', args);
    expect(resumed.code).toBe(unstopped.code);
    expect(resumed.json.interrupted).toBeUndefined();
    expect(resumed.json.cases).toHaveLength(121);
    expect(timeless(resumed.json)).toEqual(timeless(unstopped.json));
  });
});
