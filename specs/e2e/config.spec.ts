import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-config-'));
const PAIR = join('fixtures', 'pairs', 'acceptance', 'concat-swap.mjs');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, '--quiet', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A result without what differs between two runs of the same cases: timings, and where the settings came from. */
function comparable(file: string) {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x === null || typeof x !== 'object') return x;
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => !['durationMs', 'startedAt', 'settingSources', 'configFile'].includes(k))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  return strip(JSON.parse(readFileSync(file, 'utf8')));
}

const out = (name: string) => [
  '--junit',
  join(tmp, `${name}.xml`),
  '--jsonl',
  join(tmp, `${name}.jsonl`),
  '--reporter',
  'console,json,junit',
];

describe('parity-check.config.*', () => {
  it('drives a run equal to the same flags, and records where each setting came from', () => {
    const settings = {
      pairs: [join(ROOT, PAIR)],
      seed: 7,
      steps: 1,
      batch: 3,
      optimizer: 'sgd',
      learningRate: 0.05,
      loss: 'huberLoss',
      tolerance: 'ulp:2',
      reload: false,
      backend: 'cpu',
      workers: 1,
    };
    writeFileSync(join(tmp, 'c.json'), JSON.stringify(settings));
    const fromFile = cli(['--config', join(tmp, 'c.json'), '--json', join(tmp, 'file.json'), ...out('file')]);
    const fromFlags = cli([
      '--pair',
      PAIR,
      '--seed',
      '7',
      '--steps',
      '1',
      '--batch',
      '3',
      '--optimizer',
      'sgd',
      '--learning-rate',
      '0.05',
      '--loss',
      'huberLoss',
      '--tolerance',
      'ulp:2',
      '--no-reload',
      '--backend',
      'cpu',
      '--workers',
      '1',
      '--no-config',
      '--json',
      join(tmp, 'flags.json'),
      ...out('flags'),
    ]);
    expect([fromFile.code, fromFlags.code]).toEqual([1, 1]);
    expect(comparable(join(tmp, 'file.json'))).toEqual(comparable(join(tmp, 'flags.json')));
    const file = JSON.parse(readFileSync(join(tmp, 'file.json'), 'utf8'));
    expect(file.configFile).toBe(join(tmp, 'c.json'));
    expect(file.cases[0].config).toMatchObject({
      seed: 7,
      steps: 1,
      batchSize: 3,
      optimizer: 'sgd',
      optimizerOptions: { learningRate: 0.05 },
      loss: 'huberLoss',
      tolerance: 'ulp:2',
      reload: false,
    });
    expect(file.cases[0].settingSources).toEqual({
      seed: 'config',
      optimizer: 'config',
      optimizerOptions: 'config',
      steps: 'config',
      batchSize: 'config',
      loss: 'config',
      tolerance: 'config',
      fit: 'default',
      reload: 'config',
      reference: 'default',
      mutant: 'default',
      allow: 'default',
      backend: 'config',
    });
    expect(JSON.parse(readFileSync(join(tmp, 'flags.json'), 'utf8')).cases[0].settingSources).toMatchObject({
      seed: 'flag',
      fit: 'default',
      reload: 'flag',
    });
  });

  it('a flag overrides the file', () => {
    writeFileSync(
      join(tmp, 'o.json'),
      JSON.stringify({ pairs: [join(ROOT, PAIR)], seed: 7, steps: 1, backend: 'cpu', workers: 0 }),
    );
    const r = cli(['--config', join(tmp, 'o.json'), '--seed', '9', '--json', join(tmp, 'o-out.json'), ...out('o')]);
    expect(r.code).toBe(1);
    const c = JSON.parse(readFileSync(join(tmp, 'o-out.json'), 'utf8')).cases[0];
    expect([c.config.seed, c.config.steps, c.settingSources.seed, c.settingSources.steps]).toEqual([
      9,
      1,
      'flag',
      'config',
    ]);
  });

  it.each([
    [['--config', 'no-such.config.json'], 'parity-check: --config no-such.config.json: no such file'],
    [['--config', 'package.json'], "parity-check: package.json: unknown setting 'name'"],
  ])('bad config %j: one line, exit 2', (args, line) => {
    const r = cli(args);
    expect({ code: r.code, out: r.out, err: r.err.trimEnd() }).toEqual({ code: 2, out: '', err: line });
  });

  it('a misspelt setting in the config found in the working directory: one line with the nearest name, exit 2', () => {
    const dir = join(tmp, 'misspelt');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'parity-check.config.mjs'), "export default { pairs: ['*.mjs'], optimiser: 'sgd' };\n");
    const r = cli([], dir);
    expect({ code: r.code, err: r.err.trimEnd() }).toEqual({
      code: 2,
      err: "parity-check: parity-check.config.mjs: unknown setting 'optimiser' (did you mean 'optimizer'?)",
    });
  });
});

describe('parity-check init', () => {
  it('writes a starting config and an example pair that then run at parity; a second init writes nothing', () => {
    const dir = join(tmp, 'init');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"user","private":true}');
    const init = cli(['init'], dir);
    expect({ code: init.code, out: init.out.trim() }).toEqual({
      code: 0,
      out: 'wrote parity-check.config.mjs and pairs/residual.pair.mjs; run npx parity-check',
    });
    const run = cli([], dir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^parity\s+residual block \(pairs\/residual\.pair\.mjs\)/m);
    expect(run.out).toMatch(/1 cases — 1 parity/);
    expect(JSON.parse(readFileSync(join(dir, 'reports', 'parity-check.json'), 'utf8')).configFile).toBe(
      'parity-check.config.mjs',
    );
    expect(existsSync(join(dir, 'reports', 'parity-check.jsonl'))).toBe(false); // the starting config's reporters
    const again = cli(['init'], dir);
    expect({ code: again.code, err: again.err.trimEnd() }).toEqual({
      code: 2,
      err: 'parity-check: init: parity-check.config.mjs already exists; init writes nothing over it',
    });
  });
});
