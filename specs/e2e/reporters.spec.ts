import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingFingerprint } from '../../harness';
import { ROOT } from '../helpers';
import { sarifErrors } from '../unit/report/sarifSchema';

const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'parity-check-reporters-'));
const PAIR = join('fixtures', 'pairs', 'acceptance', 'concat-swap.mjs');

/** The built CLI with exactly these environment variables about colour and GitHub (the rest as this process has them). */
function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'GITHUB_ACTIONS', 'GITHUB_WORKSPACE', 'TERM']) delete base[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const files = (name: string) => [
  '--json',
  join(tmp, `${name}.json`),
  '--junit',
  join(tmp, `${name}.xml`),
  '--html',
  join(tmp, `${name}.html`),
  '--jsonl',
  join(tmp, `${name}.jsonl`),
];

describe('GitHub: annotations and SARIF', () => {
  it('under GITHUB_ACTIONS=true prints an ::error annotation on the pair module at the line of its name, beside the console report, and --sarif writes valid SARIF 2.1.0', () => {
    const r = cli(['--pair', PAIR, '--quiet', ...files('gh'), '--sarif', join(tmp, 'gh.sarif')], {
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ROOT,
      NO_COLOR: '1',
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^divergence\s+two-branch \(concat swapped\)/m);
    const annotations = r.out.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([
      expect.stringMatching(
        /^::error file=fixtures\/pairs\/acceptance\/concat-swap\.mjs,line=4,title=parity-check%3A two-branch \(concat swapped\)%3A forward divergence at forward \(output\[0\]\)::new finding, signature forward\|-\|forward%0Aoutput\[0\]: mismatched elements: \d+ \/ \d+ \(\d+\.\d%25\)/,
      ),
    ]);
    expect(annotations[0]).toMatch(
      /%0Areproduce: npx parity-check --pair fixtures\/pairs\/acceptance\/concat-swap\.mjs$/,
    );

    const text = readFileSync(join(tmp, 'gh.sarif'), 'utf8');
    expect(sarifErrors(text)).toEqual([]);
    const [result] = JSON.parse(text).runs[0].results;
    expect(result.ruleId).toBe('divergence/forward');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/pairs/acceptance/concat-swap.mjs', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4 },
    });
    expect(result.partialFingerprints).toEqual({
      'parityCheckFinding/v1': findingFingerprint('forward|-|forward', 'fixtures/pairs/acceptance/concat-swap.mjs'),
    });
    // The JSON result agrees: one verdict, every report.
    expect(JSON.parse(readFileSync(join(tmp, 'gh.json'), 'utf8')).cases[0].signature).toBe('forward|-|forward');
  });

  it('--reporter github alone prints only annotations and writes no file; a spec is annotated at the line of its "name"', () => {
    const cwd = join(tmp, 'only-github');
    mkdirSync(cwd);
    const r = cli(
      [
        '--spec',
        join(ROOT, 'fixtures', 'specs', 'article-3-branches.json'),
        '--mutant',
        'concat-swap',
        '--quiet',
        '--reporter',
        'github',
      ],
      { GITHUB_WORKSPACE: ROOT, FORCE_COLOR: '1' },
      cwd,
    );
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !l.startsWith('::error '))).toEqual([]);
    expect(lines[0]).toMatch(
      /^::error file=fixtures\/specs\/article-3-branches\.json,line=3,title=parity-check%3A article-3-branches%3A /,
    );
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
  });
});

describe('--reporter and output paths: bad input is one line and exit 2, before any case runs', () => {
  it.each([
    [
      ['--reporter', 'console,jsn'],
      "parity-check: --reporter: unknown reporter 'jsn' (did you mean 'json'?); one of console, json, junit, html, github, sarif, jsonl",
    ],
    [['--json', tmpdir()], `parity-check: --json ${tmpdir()}: is a directory`],
    [
      ['--sarif', join(tmp, 'same'), '--json', join(tmp, 'same')],
      `parity-check: --sarif ${join(tmp, 'same')}: --json writes this file too; give each report its own file`,
    ],
  ])('%j', (args, line) => {
    const r = cli(['--pair', PAIR, '--quiet', ...args], { NO_COLOR: '1' });
    expect({ code: r.code, out: r.out, err: r.err.trimEnd() }).toEqual({ code: 2, out: '', err: line });
  });

  it('several reporters at once: repeated and comma-listed; file flags still choose their reporters', () => {
    const cwd = join(tmp, 'multi');
    mkdirSync(cwd);
    const r = cli(
      [
        '--pair',
        join(ROOT, PAIR),
        '--quiet',
        '--reporter',
        'json',
        '--reporter',
        'sarif,console',
        '--json',
        join(tmp, 'm.json'),
        '--sarif',
        join(tmp, 'm.sarif'),
        '--junit',
        join(tmp, 'm.xml'),
      ],
      { NO_COLOR: '1' },
      cwd,
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(`wrote ${join(tmp, 'm.json')}, ${join(tmp, 'm.xml')} and ${join(tmp, 'm.sarif')}`);
    expect(r.out).toMatch(/^divergence\s+two-branch/m);
    // Neither the HTML report nor the JSON Lines stream: not named, no flag.
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
    expect(sarifErrors(readFileSync(join(tmp, 'm.sarif'), 'utf8'))).toEqual([]);
  });
});

describe('NO_COLOR and FORCE_COLOR', () => {
  const ESC = '\u001b[';
  const summary = (env: Record<string, string>, ...flags: string[]) =>
    cli(['--pair', PAIR, '--quiet', '--reporter', 'console', ...flags], env).out;

  it('colours the console report when forced, off a terminal', () => {
    expect(summary({ FORCE_COLOR: '1' })).toContain(`${ESC}31m`);
    expect(summary({}, '--color')).toContain(ESC);
  });

  it('writes plain text under NO_COLOR (even with FORCE_COLOR), FORCE_COLOR=0 (even in CI) and --no-color', () => {
    for (const out of [
      summary({ NO_COLOR: '1', FORCE_COLOR: '1' }),
      summary({ FORCE_COLOR: '0', CI: 'true' }),
      summary({ FORCE_COLOR: '1' }, '--no-color'),
      summary({}),
    ]) {
      expect(out).toMatch(/parity-check: 1 cases — 0 parity, 1 divergence/);
      expect(out).not.toContain(ESC);
    }
  });
});

describe('--help', () => {
  it('groups the options by task', () => {
    const r = cli(['--help'], { NO_COLOR: '1' });
    expect(r.code).toBe(0);
    const headings = r.out.split('\n').filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual([
      'Inputs (none: the fixture specs and 40 generated cases):',
      'How each case runs:',
      'Fuzzing:',
      'Workers, shards and resuming:',
      'Config file:',
      'Reports and exit code:',
      'Options:',
      'Commands:',
    ]);
    const reports = r.out.slice(r.out.indexOf('Reports and exit code:'), r.out.indexOf('\nOptions:'));
    for (const flag of [
      '--reporter <names>',
      '--json <file>',
      '--junit <file>',
      '--html <file>',
      '--sarif <file>',
      '--jsonl <file>',
      '--strict',
      '--no-color',
    ])
      expect(reports).toContain(flag);
    const merge = cli(['merge', '--help'], { NO_COLOR: '1' });
    expect(merge.out).toContain('Reports and exit code:\n  --reporter <names>');
  });
});
