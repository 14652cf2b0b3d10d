import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCase, jsonReport, junitReport, summarize, type CaseResult, type RunResult } from '../../../harness';
import { JsonlWriter, readJsonl } from '../../../harness/campaign/jsonl';
import { lazyBuildBeforeCompile } from '../../../harness/triage/diagnoses/lazyBuildBeforeCompile';

/** One case as the engine and triage leave it: a side error and its divergence, both diagnosed; facts still attached. */
const diagnosis = {
  entry: lazyBuildBeforeCompile.entry,
  title: lazyBuildBeforeCompile.title,
  fix: lazyBuildBeforeCompile.fix,
};
const c: CaseResult = {
  index: 0,
  name: 'lazy',
  source: 'pair',
  verdict: 'divergence',
  divergences: [
    {
      kind: 'error',
      checkpoint: 'fit',
      key: '',
      message: 'subclass side threw at fit, functional did not: x',
      diagnosis,
    },
    { kind: 'loss', checkpoint: 'loss', key: 'loss', message: 'loss: mismatched' },
  ],
  errors: [{ side: 'subclass', checkpoint: 'fit', message: 'x', diagnosis }],
  checkpoints: [],
  backend: 'cpu',
  config: {
    seed: 42,
    optimizer: 'adam',
    optimizerOptions: {},
    steps: 2,
    batchSize: 4,
    loss: 'meanSquaredError',
    tolerance: 'exact',
    fit: true,
    reload: true,
  },
  resources: [],
  reclaimedTensors: 0,
  durationMs: 1,
  facts: { exposed: { subclass: { trainable: 4, nonTrainable: 0 } } },
};
const run: RunResult = {
  tool: { name: 'parity-check', version: '0' },
  tfjs: { version: '4.22.0', backend: 'cpu', skippedBackends: [] },
  config: { ...c.config, backend: 'cpu', strict: false },
  summary: summarize([c]),
  cases: [c],
  startedAt: 'now',
  durationMs: 1,
};
const LINE = `diagnosis: Lazy build before compile — ${lazyBuildBeforeCompile.fix} (fixtures/pairs/README.md#2-lazy-build-before-compile)`;

describe('a diagnosis in every report', () => {
  it('console: one indented line under the finding, with the fix once per case, then by its title', () => {
    const lines = formatCase(c, true)
      .split('\n')
      .map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
    const at = lines.findIndex((l) => l.includes('error at fit'));
    expect(lines[at + 1]).toBe(`      ${LINE}`);
    expect(lines[at + 2]).toMatch(/^ {4}loss at loss/); // an undiagnosed finding gets no line
    const err = lines.findIndex((l) => l.includes('error (subclass) at fit'));
    expect(lines[err + 1]).toBe('      diagnosis: Lazy build before compile (as above)');
  });

  it('JSON: on the divergence and the error, while facts stay out', () => {
    const json = JSON.parse(jsonReport(run));
    expect(json.cases[0].divergences[0].diagnosis).toEqual(diagnosis);
    expect(json.cases[0].divergences[1].diagnosis).toBeUndefined();
    expect(json.cases[0].errors[0].diagnosis).toEqual(diagnosis);
    expect(json.cases[0].facts).toBeUndefined();
  });

  it('JSONL: written and read back with the case', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parity-check-jsonl-')), 'run.jsonl');
    const { summary: _s, cases: _c, durationMs: _d, ...meta } = run;
    new JsonlWriter(file, { ...meta, type: 'header', total: 1 }, false).case(c);
    const back = readJsonl(file).cases.get(0)!;
    expect(back.divergences[0].diagnosis).toEqual(diagnosis);
    expect(back.errors[0].diagnosis).toEqual(diagnosis);
  });

  it('JUnit: under the divergence in the failure text', () => {
    expect(junitReport(run)).toContain(
      `error at fit: subclass side threw at fit, functional did not: x\n  ${LINE.replace(/>/g, '&gt;').replace(/'/g, '&apos;')}`,
    );
  });
});
