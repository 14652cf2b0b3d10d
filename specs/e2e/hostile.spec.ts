import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers';

/**
 * Hostile inputs, run as a user runs them: the built CLI from the
 * repository root. Every bad input must end in its exit code and one line
 * on stderr naming the file (or flag) and what is wrong — no stack trace
 * without --verbose — and a run that mixes bad inputs with good ones keeps
 * every other case's result. The modules and specs are in fixtures/hostile/
 * (its README lists what each does); the few that cannot be files in a
 * repository (an empty file, a directory, a dangling symlink, a 2,000-layer
 * spec) are made here.
 */

const tmp = mkdtempSync(join(tmpdir(), 'parity-check-hostile-'));
const H = 'fixtures/hostile';
const pair = (f: string) => `${H}/pairs/${f}`;
const spec = (f: string) => `${H}/specs/${f}`;
const made = (name: string, text: string | Buffer) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};

interface Run {
  code: number | null;
  out: string;
  err: string;
  json?: any;
}

/** Runs the CLI; the JSON result is read when the run wrote one. */
function cli(args: string[], name = Math.random().toString(36).slice(2)): Promise<Run> {
  const json = join(tmp, `${name}.json`);
  const withReports = args[0] === 'merge' ? args : [...args, '--quiet'];
  const full = [
    ...withReports,
    '--json',
    json,
    '--junit',
    join(tmp, `${name}.xml`),
    '--html',
    join(tmp, `${name}.html`),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...full], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      let result: any;
      try {
        result = JSON.parse(readFileSync(json, 'utf8'));
      } catch {
        result = undefined;
      }
      resolve({ code, out, err, json: result });
    });
  });
}

/** Bad input given alone: exit 2, one line naming the file or flag, nothing run. */
const refusedAlone: [string, string[], RegExp][] = [
  // Spec files.
  [
    'malformed JSON',
    ['--spec', spec('malformed.json')],
    /^parity-check: fixtures\/hostile\/specs\/malformed\.json: invalid JSON: /,
  ],
  ['an empty file', ['--spec', made('empty.json', '')], /empty\.json: empty file \(a spec is a JSON object/],
  ['a JSON array', ['--spec', spec('json-array.json')], /json-array\.json: a spec is a JSON object, got an array$/],
  [
    'binary data',
    ['--spec', made('binary.json', Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x01, 0x02]))],
    /binary\.json: not a JSON text file \(it holds binary data\)$/,
  ],
  [
    'JSON nested too deeply to parse',
    ['--spec', made('deep-json.json', '['.repeat(200_000) + ']'.repeat(200_000))],
    /deep-json\.json: nested too deeply to read/,
  ],
  [
    'the wrong version',
    ['--spec', spec('wrong-version.json')],
    /wrong-version\.json: field 'version': this parity-check reads spec version 1, got 2$/,
  ],
  [
    'an unknown kind, with a did-you-mean',
    ['--spec', spec('unknown-kind.json')],
    /unknown-kind\.json: layer 'd', field 'kind': unknown kind 'denze' \(did you mean 'dense'\?\)$/,
  ],
  [
    'an unknown config field, with a did-you-mean',
    ['--spec', spec('unknown-config-field.json')],
    /unknown-config-field\.json: layer 'd' \(dense\), field 'config\.unit': .*\(did you mean 'units'\?\)$/,
  ],
  [
    'an unknown top-level field, with a did-you-mean',
    ['--spec', spec('unknown-top-field.json')],
    /unknown-top-field\.json: unknown field 'layer' \(did you mean 'layers'\?\)$/,
  ],
  [
    'a field named __proto__',
    ['--spec', spec('proto-key.json')],
    /proto-key\.json: a field named "__proto__" is not allowed in a spec$/,
  ],
  [
    'a size of zero',
    ['--spec', spec('zero-units.json')],
    /zero-units\.json: layer 'd' \(dense\), field 'config\.units': Too small/,
  ],
  [
    'a negative size',
    ['--spec', spec('negative-shape.json')],
    /negative-shape\.json: input 'x', field 'shape\.0': Too small/,
  ],
  [
    'a fractional size',
    ['--spec', spec('fractional-shape.json')],
    /fractional-shape\.json: input 'x', field 'shape\.0': .*expected int/,
  ],
  [
    'an infinite size (1e999)',
    ['--spec', spec('infinite-units.json')],
    /infinite-units\.json: layer 'd' \(dense\), field 'config\.units': .*Infinity/,
  ],
  [
    'a shape of the wrong type',
    ['--spec', spec('string-shape.json')],
    /string-shape\.json: input 'x', field 'shape': .*expected array/,
  ],
  [
    'a node naming a missing input',
    ['--spec', spec('missing-input.json')],
    /missing-input\.json: node 'n0', field 'inputs\[0\]': unknown input or node 'y' \(did you mean 'x'\?\)$/,
  ],
  ['a cycle', ['--spec', spec('cycle.json')], /cycle\.json: node 'n0': the graph has a cycle through 'n0', 'n1'$/],
  [
    'duplicate ids',
    ['--spec', spec('duplicate-ids.json')],
    /duplicate-ids\.json: layer 'x': id already used by an input/,
  ],
  [
    'a layer no node applies',
    ['--spec', spec('unused-layer.json')],
    /unused-layer\.json: layer 'b': never applied by any node$/,
  ],
  [
    'a merge of one input',
    ['--spec', spec('merge-one-input.json')],
    /merge-one-input\.json: node 'n0', field 'inputs': an add layer merges two or more inputs, got 1$/,
  ],
  ['no outputs', ['--spec', spec('no-outputs.json')], /no-outputs\.json: field 'outputs': /],
  [
    'an input as output',
    ['--spec', spec('output-is-input.json')],
    /output-is-input\.json: field 'outputs\[0\]': 'x' is an input; outputs must be nodes$/,
  ],
  [
    'an oversized input, refused before allocation',
    ['--spec', spec('oversized-input.json')],
    /oversized-input\.json: input 'x': shape \[100000, 100000\] is 10,000,000,000 elements an example .* refused before anything is allocated$/,
  ],
  [
    'an oversized layer output',
    ['--spec', spec('oversized-dense.json')],
    /oversized-dense\.json: node 'n0': shape \[1000000000\] is 1,000,000,000 elements an example/,
  ],
  [
    'oversized weights',
    ['--spec', spec('oversized-embedding.json')],
    /oversized-embedding\.json: layer 'e' \(embedding\) at node 'n0': about 6,400,000,\d+ weights/,
  ],
  [
    'blocks nested past the limit',
    ['--spec', made('deep-150.json', nested(150))],
    /deep-150\.json: layer 'b' \(block\): blocks nested 150 deep; a spec may nest at most 100$/,
  ],
  ['a missing file', ['--spec', 'nope/none.json'], /^parity-check: nope\/none\.json: no such file$/],
  ['a directory', ['--spec', 'fixtures'], /^parity-check: fixtures: not a file \(a spec is one JSON file\)$/],
  ['a dangling symlink', ['--spec', dangling()], /dangling\.json: no such file$/],
  // Pair modules.
  ['a pair that does not parse', ['--pair', pair('syntax-error.mjs')], /syntax-error\.mjs: cannot load: /],
  [
    'a pair that throws at import',
    ['--pair', pair('throws-at-import.mjs')],
    /throws-at-import\.mjs: cannot load: cannot find \.\/weights\.bin$/,
  ],
  [
    'a pair with no default export',
    ['--pair', pair('no-default-export.mjs')],
    /no-default-export\.mjs: no default export \(it exports 'pair'\)/,
  ],
  [
    'a pair of the wrong types',
    ['--pair', pair('wrong-types.mjs')],
    /wrong-types\.mjs: 'inputs': .*expected array, received string/,
  ],
  [
    'a pair that is a number',
    ['--pair', pair('default-is-number.mjs')],
    /default-is-number\.mjs: 'default export': .*expected object, received number/,
  ],
  [
    'a pair with a misspelt field',
    ['--pair', pair('unknown-field.mjs')],
    /unknown-field\.mjs: unknown field 'subclas' \(did you mean 'subclass'\?\)/,
  ],
  [
    'a pair whose promise rejects',
    ['--pair', pair('promise-rejects.mjs')],
    /promise-rejects\.mjs: its default export is a promise that rejected: weights not found$/,
  ],
  [
    'a pair whose functional() returns null',
    ['--pair', pair('functional-returns-null.mjs')],
    /functional-returns-null\.mjs: functional\(\) must return a tf\.LayersModel/,
  ],
  [
    'a pair whose subclass() is not a Layer',
    ['--pair', pair('subclass-not-a-layer.mjs')],
    /subclass-not-a-layer\.mjs: subclass\(\) must return an instance of a class extending tf\.layers\.Layer$/,
  ],
  [
    'a pair that is a directory',
    ['--pair', `${H}/pairs`],
    /pairs: not a file \(a pair module is one \.mjs, \.cjs, \.js, \.ts, \.mts or \.cts file\)$/,
  ],
  [
    'a pair that is JSON',
    ['--pair', spec('cycle.json')],
    /cycle\.json: not a pair module \(a pair module is one \.mjs, \.cjs, \.js, \.ts, \.mts or \.cts file\)$/,
  ],
  // Replay tokens.
  [
    'a garbage replay token',
    ['--replay', 'garbage'],
    /^parity-check: invalid replay token 'garbage': copy it whole from a report/,
  ],
  [
    'a truncated replay token',
    ['--replay', 'pc2.eyJ2IjoyLCJzdGFtcCI6eyJ0ZmpzIjoiNC4y'],
    /^parity-check: invalid replay token 'pc2\./,
  ],
  ['an old-format replay token', ['--replay', 'pc1.abc'], /^parity-check: replay token 'pc1\.abc' is of format pc1/],
  // Flags.
  [
    '--workers -1',
    ['--pair', pair('correct.mjs'), '--workers', '-1'],
    /^parity-check: --workers takes a whole number, got '-1'$/,
  ],
  [
    '--workers 1.5',
    ['--pair', pair('correct.mjs'), '--workers', '1.5'],
    /^parity-check: --workers takes a whole number, got '1\.5'$/,
  ],
  [
    '--case-timeout 0',
    ['--pair', pair('correct.mjs'), '--case-timeout', '0'],
    /^parity-check: --case-timeout takes a number of seconds above 0, got '0'$/,
  ],
  [
    '--shard 3/2',
    ['--pair', pair('correct.mjs'), '--shard', '3/2'],
    /^parity-check: invalid shard '3\/2': use k\/N with 1 ≤ k ≤ N/,
  ],
  [
    '--batch 0',
    ['--pair', pair('correct.mjs'), '--batch', '0'],
    /^parity-check: batch size must be a whole number from 1 to 4096, got 0$/,
  ],
  ['--runs 0', ['--runs', '0'], /^parity-check: --runs takes a whole number above 0, got '0'$/],
  [
    '--shrink-known with a cause no one knows',
    ['--runs', '1', '--shrink-known', 'depthwise-dilation-ignored,no-such-cause'],
    /^parity-check: --shrink-known: no known cause 'no-such-cause' \(known: shared-regularizer, /,
  ],
  [
    '--tolerance ulp:-1',
    ['--pair', pair('correct.mjs'), '--tolerance', 'ulp:-1'],
    /^parity-check: invalid tolerance 'ulp:-1'/,
  ],
  ['--backend gpu', ['--pair', pair('correct.mjs'), '--backend', 'gpu'], /argument 'gpu' is invalid/],
  [
    '--resume without its JSONL',
    ['--pair', pair('correct.mjs'), '--resume', '--jsonl', join(tmp, 'never-written.jsonl')],
    /never-written\.jsonl: no such file$/,
  ],
  [
    '--resume of a file that is no run',
    ['--pair', pair('correct.mjs'), '--resume', '--jsonl', made('other.jsonl', '{"type":"nonsense"}\n')],
    /other\.jsonl: not a parity-check JSONL file/,
  ],
  // Output paths, checked before the first case (the run would otherwise compute everything, then lose it or hang).
  [
    '--jsonl under /proc',
    ['--pair', pair('correct.mjs'), '--jsonl', '/proc/self/fd/0'],
    /^parity-check: --jsonl \/proc\/self\/fd\/0: \/proc\/self\/fd is on procfs, a virtual filesystem: choose a path on disk$/,
  ],
  [
    '--jsonl whose folder is a file',
    ['--pair', pair('correct.mjs'), '--jsonl', join(made('a-file.txt', 'x'), 'run.jsonl')],
    /^parity-check: --jsonl .*a-file\.txt\/run\.jsonl: cannot create it: .*a-file\.txt is a file, not a folder$/,
  ],
  [
    '--jsonl that is a directory',
    ['--pair', pair('correct.mjs'), '--jsonl', tmp],
    /^parity-check: --jsonl .*: is a directory$/,
  ],
  ['merge of a missing file', ['merge', join(tmp, 'absent.json')], /absent\.json: no such file$/],
  ['merge of invalid JSON', ['merge', made('merge-bad.json', '{')], /merge-bad\.json: invalid JSON/],
];

/** Bad or hostile pair modules with a correct one and a bad spec, in one run. */
const MIXED = [
  pair('correct.mjs'),
  pair('factory-never-returns.mjs'),
  pair('import-never-finishes.mjs'),
  pair('call-never-returns.mjs'),
  pair('async-throw.mjs'),
  pair('unhandled-rejection.mjs'),
  pair('process-exit.mjs'),
  pair('exhausts-memory.mjs'),
  pair('nan-both-sides.mjs'),
  pair('infinity-one-side.mjs'),
  pair('leaks-tensors.mjs'),
  pair('throws-in-call.mjs'),
  pair('promise-export.mjs'),
  pair('syntax-error.mjs'),
];

function nested(depth: number): string {
  let s = JSON.stringify({
    version: 1,
    name: 'b',
    inputs: [{ id: 'x', shape: [3] }],
    layers: [{ id: 'd', kind: 'dense', config: { units: 3 } }],
    nodes: [{ id: 'n', layer: 'd', inputs: ['x'] }],
    outputs: ['n'],
  });
  // Built as text: JSON.stringify of a 150-deep object is fine, but this also shows the CLI reads what a generator wrote.
  for (let i = 0; i < depth; i++)
    s = `{"version":1,"name":"b${i}","inputs":[{"id":"x","shape":[3]}],"layers":[{"id":"b","kind":"block","config":{"spec":${s}}}],"nodes":[{"id":"n","layer":"b","inputs":["x"]}],"outputs":["n"]}`;
  return s;
}

function dangling(): string {
  const f = join(tmp, 'dangling.json');
  symlinkSync(join(tmp, 'no-such-target.json'), f);
  return f;
}

function wide(layers: number): string {
  const ls = Array.from({ length: layers }, (_, i) => ({
    id: `l${i}`,
    kind: i % 2 === 0 ? 'dense' : 'activation',
    config: i % 2 === 0 ? { units: 3 } : { activation: 'tanh' },
  }));
  return JSON.stringify({
    version: 1,
    name: `chain-${layers}`,
    inputs: [{ id: 'x', shape: [3] }],
    layers: ls,
    nodes: ls.map((l, i) => ({ id: `n${i}`, layer: l.id, inputs: [i === 0 ? 'x' : `n${i - 1}`] })),
    outputs: [`n${layers - 1}`],
  });
}

const fileName = (name: string) => name.replace(/[^a-z0-9]+/gi, '-');

/** Runs the lists two at a time (the machine has two cores); results by name. */
async function runAll(jobs: [string, string[]][]): Promise<Map<string, Run>> {
  const out = new Map<string, Run>();
  const queue = [...jobs];
  const worker = async () => {
    for (let j = queue.shift(); j; j = queue.shift()) out.set(j[0], await cli(j[1], fileName(j[0])));
  };
  await Promise.all([worker(), worker()]);
  return out;
}

let runs: Map<string, Run>;
// Generous beside what a correct case takes (well under a second), and beside what exhausting a 256 MiB heap
// takes on a loaded machine (over 15 s was seen with other suites running), so a busy machine cannot turn
// a crash or a correct case into a timeout.
const CASE_TIMEOUT_S = '40';

beforeAll(async () => {
  mkdirSync(tmp, { recursive: true });
  runs = await runAll([
    ...refusedAlone.map(([name, args]) => [name, args] as [string, string[]]),
    [
      'mixed',
      [
        ...MIXED.flatMap((f) => ['--pair', f]),
        '--spec',
        spec('cycle.json'),
        '--spec',
        'nope.json',
        '--workers',
        '2',
        '--case-timeout',
        CASE_TIMEOUT_S,
        '--worker-heap',
        '256',
      ],
    ],
    ['deep-50', ['--spec', made('deep-50.json', nested(50)), '--workers', '1']],
    [
      'chain-2000',
      [
        '--spec',
        made('chain-2000.json', wide(2000)),
        '--workers',
        '1',
        '--case-timeout',
        '600',
        '--no-fit',
        '--no-reload',
      ],
    ],
    ['impossible-shape', ['--spec', spec('impossible-shape.json')]],
    ['verbose', ['--spec', spec('cycle.json'), '--verbose']],
  ]);
}, 900_000);

describe('hostile input given alone: exit 2, one line naming it, nothing run', () => {
  it.each(refusedAlone)('%s', (name, _args, line) => {
    const r = runs.get(name)!;
    expect({ code: r.code, err: r.err.trim() }).toEqual({ code: 2, err: expect.stringMatching(line) });
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  it('--verbose adds the stack trace', () => {
    const r = runs.get('verbose')!;
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cycle\.json: node 'n0': the graph has a cycle/);
    expect(r.err).toMatch(/\n\s+at /);
  });
});

describe('a run mixing hostile pairs with good ones keeps every case', () => {
  const byFile = (f: string) => runs.get('mixed')!.json.cases.find((c: any) => c.file === f);

  it('exits 2 (inputs were refused), reports every other case, and names each refused input in one line', () => {
    const r = runs.get('mixed')!;
    expect(r.code).toBe(2);
    expect(r.json.refused.map((x: any) => x.input).sort()).toEqual(
      [pair('syntax-error.mjs'), spec('cycle.json'), 'nope.json'].sort(),
    );
    const errLines = r.err.trim().split('\n');
    expect(errLines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parity-check: fixtures\/hostile\/specs\/cycle\.json: node 'n0': the graph has a cycle/),
        'parity-check: nope.json: no such file',
        expect.stringMatching(/^parity-check: fixtures\/hostile\/pairs\/syntax-error\.mjs: cannot load: /),
      ]),
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.json.cases.map((c: any) => c.file)).toEqual(MIXED.filter((f) => !f.endsWith('syntax-error.mjs')));
    expect(r.json.cases.map((c: any) => c.index)).toEqual(r.json.cases.map((_: any, i: number) => i));
    // JUnit and HTML show the refused inputs too, as errors.
    const junit = readFileSync(join(tmp, 'mixed.xml'), 'utf8');
    expect(junit.match(/classname="parity-check\.refused"/g)).toHaveLength(3);
    expect(junit).toContain('name="nope.json"');
    expect(readFileSync(join(tmp, 'mixed.html'), 'utf8')).toContain('Refused inputs (3)');
  });

  it.each([
    ['correct.mjs', 'parity', undefined],
    ['promise-export.mjs', 'parity', undefined],
    [
      'factory-never-returns.mjs',
      'timeout',
      /did not finish within 40 s \(it was running: pre-flight \(calling its factories\)\)/,
    ],
    ['import-never-finishes.mjs', 'timeout', /did not finish within 40 s \(it was running: loading the module\)/],
    ['call-never-returns.mjs', 'timeout', /did not finish within 40 s \(it was running: [\w-]+\)/],
    [
      'async-throw.mjs',
      'crashed',
      /^an asynchronous error escaped the case: thrown later, outside any await \(noticed when the case next waited/,
    ],
    [
      'unhandled-rejection.mjs',
      'crashed',
      /^an asynchronous error escaped the case: nobody awaits this \(noticed when the case next waited/,
    ],
    ['process-exit.mjs', 'crashed', /^its worker died while it was running [\w-]+: worker exited with code: 7$/],
    ['exhausts-memory.mjs', 'crashed', /^its worker died while it was running [\w-]+: .*memory/],
  ] as const)('%s: %s', (file, verdict, message) => {
    const c = byFile(pair(file));
    expect(c.verdict).toBe(verdict);
    // A timed-out or crashed case names the backend the run used, never "auto".
    expect(c.backend).not.toBe('auto');
    if (message) expect(c.errors[0].message).toMatch(message);
    expect(runs.get('mixed')!.out).toMatch(
      new RegExp(`^${verdict}\\s.*\\(${pair(file).replace(/[.()]/g, '\\$&')}\\)`, 'm'),
    );
  });

  it('NaN on both sides is not a bare parity: the case says it is uninformative', () => {
    const c = byFile(pair('nan-both-sides.mjs'));
    expect(c.verdict).toBe('parity');
    expect(c.uninformative).toMatch(/non-finite on both sides/);
  });

  it.each([
    ['infinity-one-side.mjs', 'forward'],
    ['leaks-tensors.mjs', 'resources'],
    ['throws-in-call.mjs', 'error'],
  ])('%s: a %s divergence, found', (file, kind) => {
    const c = byFile(pair(file));
    expect(c.verdict).toBe('divergence');
    expect(c.knownCause).toBeUndefined();
    expect(c.divergences.map((d: any) => d.kind)).toContain(kind);
  });
});

describe('large but legal specs', () => {
  it('50-deep nesting of blocks agrees (parity, exit 0)', () => {
    const r = runs.get('deep-50')!;
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
  });

  it('a 2,000-layer spec is checked: parity, or a timeout that says so — never a crash of the run', () => {
    const r = runs.get('chain-2000')!;
    const c = r.json.cases[0];
    expect(['parity', 'timeout']).toContain(c.verdict);
    expect(r.code).toBe(c.verdict === 'parity' ? 0 : 3);
  });

  it('a shape tfjs must reject is an agreed error on both sides, naming the node (not bad input)', () => {
    const r = runs.get('impossible-shape')!;
    expect(r.code).toBe(0);
    const c = r.json.cases[0];
    expect(c.verdict).toBe('agreed-error');
    expect(c.errors).toEqual([
      { side: 'both', checkpoint: 'build', message: expect.stringMatching(/incompatible with layer c/) },
    ]);
    expect(r.out).toMatch(/predicted: node 'n0': conv2d needs inputs of rank 3/);
  });
});
