import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  annotation,
  escapeData,
  escapeProperty,
  githubReport,
  locateNames,
  nameLine,
  type Divergence,
} from '../../../harness';
import { lazyBuildBeforeCompile } from '../../../harness/triage/diagnoses/lazyBuildBeforeCompile';
import { madeCase, runOf } from './runOf';

const forward: Divergence = {
  kind: 'forward',
  checkpoint: 'forward',
  key: 'output[0]',
  message: 'output[0]: mismatched elements: 3 / 4 (75.0%)\nsecond line',
};

describe('GitHub workflow annotations', () => {
  it('escape data as the toolkit does: % first, then CR and LF', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('escape properties too: a colon or comma would end the property', () => {
    expect(escapeProperty('a: b, c%\n')).toBe('a%3A b%2C c%25%0A');
    expect(annotation('error', 'm', { file: 'dir/a,b.mjs', line: 3, title: 'x: y' })).toBe(
      '::error file=dir/a%2Cb.mjs,line=3,title=x%3A y::m',
    );
    expect(annotation('warning', 'only a message', {})).toBe('::warning::only a message');
  });

  it('one ::error per failing case, on its file and the line of its name, with the divergence, diagnosis and rerun command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-'));
    writeFileSync(
      join(dir, 'pair.mjs'),
      "import x from './x.mjs';\n\nexport default {\n  name: 'two, towers: 100%',\n  inputs: [],\n};\n",
    );
    const c = madeCase({
      index: 0,
      name: 'two, towers: 100%',
      source: 'pair',
      file: join(dir, 'pair.mjs'),
      verdict: 'divergence',
      signature: 'forward|-|forward',
      divergences: [forward, { ...forward, kind: 'loss', checkpoint: 'loss', key: 'loss' }],
    });
    const out = githubReport(runOf([c]), locateNames(dir));
    expect(out).toBe(
      '::error file=pair.mjs,line=4,title=parity-check%3A two%2C towers%3A 100%25%3A forward divergence at forward (output[0])::' +
        'new finding, signature forward|-|forward%0Aoutput[0]: mismatched elements: 3 / 4 (75.0%25)%0Asecond line%0Aand 1 more divergences (see the JSON or HTML report)%0A' +
        `reproduce: npx parity-check --pair ${join(dir, 'pair.mjs')} --seed 1\n`,
    );
    const diagnosis = {
      entry: lazyBuildBeforeCompile.entry,
      title: lazyBuildBeforeCompile.title,
      fix: lazyBuildBeforeCompile.fix,
    };
    const diagnosed = githubReport(runOf([{ ...c, divergences: [{ ...forward, diagnosis }] }]), locateNames(dir));
    expect(diagnosed).toContain('%0Adiagnosis: Lazy build before compile — ');
    expect(diagnosed).toContain('(fixtures/pairs/README.md#2-lazy-build-before-compile)%0Areproduce: ');
  });

  it('passes known findings (fails them under --strict), annotates cases that could not be checked and refused inputs, and generated cases without a file', () => {
    const known = madeCase({
      index: 0,
      name: 'k',
      verdict: 'divergence',
      knownCause: 'shared-layer-dispose',
      knownCauses: ['shared-layer-dispose'],
      divergences: [{ ...forward, cause: 'shared-layer-dispose' }],
    });
    const crashed = madeCase({
      index: 1,
      name: 'c',
      verdict: 'crashed',
      errors: [{ side: 'harness', checkpoint: 'fit', message: 'worker exited\nstack' }],
    });
    const fuzz = madeCase({
      index: 2,
      name: 'fuzz-42-3',
      source: 'fuzz',
      verdict: 'divergence',
      replay: 'pc2.abc',
      divergences: [forward],
    });
    const run = {
      ...runOf([known, crashed, fuzz]),
      refused: [{ input: 'bad.json', message: 'bad.json: invalid JSON' }],
    };
    const lines = githubReport(run).trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^::error title=parity-check%3A fuzz-42-3%3A forward divergence at forward \(output\[0\]\)::new finding%0A.*reproduce: npx parity-check --replay pc2\.abc$/,
      ),
      '::error title=parity-check%3A c%3A crashed%2C not checked::fit: worker exited%0Areproduce: save the spec as JSON and run npx parity-check --spec <file> --seed 1',
      '::error file=bad.json,title=parity-check%3A refused input::bad.json: invalid JSON',
    ]);
    expect(githubReport(runOf([known], true))).toMatch(
      /^::error title=parity-check%3A k%3A forward divergence at forward \(output\[0\]\)::known tfjs behaviour \(shared-layer-dispose\), failing under --strict/,
    );
    expect(githubReport(runOf([madeCase()]))).toBe('');
  });
});

describe('nameLine', () => {
  it('finds the line that gives the name as a literal, preferring one that says name', () => {
    expect(nameLine('{\n  "version": 1,\n  "name": "mlp",\n  "layers": []\n}', 'mlp')).toBe(3);
    expect(nameLine("const n = 'x';\nexport default { name: `x`, inputs: [] };", 'x')).toBe(2);
    expect(nameLine("const n = 'a.b';\n", 'a.b')).toBe(1);
  });

  it('claims no line for a computed name, nor for a near miss', () => {
    expect(nameLine("export default { name: prefix + 'x' };", 'px')).toBeUndefined();
    expect(nameLine("name: 'axb'", 'a.b')).toBeUndefined();
  });
});
