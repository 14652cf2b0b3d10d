import { findingFingerprint, sarifReport, type Divergence } from '../../../harness';
import { lazyBuildBeforeCompile } from '../../../harness/triage/diagnoses/lazyBuildBeforeCompile';
import { madeCase, runOf } from './runOf';
import { sarifErrors } from './sarifSchema';

const diagnosis = {
  entry: lazyBuildBeforeCompile.entry,
  title: lazyBuildBeforeCompile.title,
  fix: lazyBuildBeforeCompile.fix,
};
const forward: Divergence = {
  kind: 'forward',
  checkpoint: 'forward',
  key: 'output[0]',
  message: 'output[0]: mismatched elements: 3 / 4 (75.0%)',
};
const pair = madeCase({
  index: 0,
  name: 'two-tower',
  source: 'pair',
  file: 'pairs/two-tower.mjs',
  verdict: 'divergence',
  signature: 'forward|-|forward',
  divergences: [{ ...forward, diagnosis }],
});
const fuzz = (index: number, signature: string) =>
  madeCase({
    index,
    name: `fuzz-42-${index}`,
    source: 'fuzz',
    verdict: 'divergence',
    signature,
    replay: `pc2.${index}`,
    divergences: [{ ...forward, kind: 'loss', checkpoint: 'loss', key: 'loss' }],
  });
const known = madeCase({
  index: 9,
  name: 'known',
  verdict: 'divergence',
  file: 'k.json',
  signature: 'resources|-|dispose',
  knownCause: 'shared-layer-dispose',
  knownCauses: ['shared-layer-dispose'],
  divergences: [{ ...forward, kind: 'resources', checkpoint: 'dispose', cause: 'shared-layer-dispose' }],
});
const crashed = madeCase({
  index: 10,
  name: 'c',
  verdict: 'crashed',
  errors: [{ side: 'harness', checkpoint: 'fit', message: 'worker exited' }],
});

describe('the SARIF report', () => {
  it('validates against the SARIF 2.1.0 JSON schema, with findings, notifications and none', () => {
    const run = {
      ...runOf([pair, fuzz(1, 'loss|dense|loss'), fuzz(2, 'loss|dense|loss'), known, crashed]),
      refused: [{ input: 'x.json', message: 'x.json: invalid JSON' }],
    };
    expect(sarifErrors(sarifReport(run, { locate: (file) => ({ file, line: 7 }) }))).toEqual([]);
    expect(sarifErrors(sarifReport(runOf([madeCase()])))).toEqual([]);
    // The validator does refuse what is not SARIF 2.1.0.
    expect(sarifErrors(JSON.stringify({ version: '2.0.0', runs: [] })).length).toBeGreaterThan(0);
  });

  it('has a rule per divergence kind and a result per new finding: generated cases of one signature are one', () => {
    const log = JSON.parse(
      sarifReport(
        runOf([pair, fuzz(1, 'loss|dense|loss'), fuzz(2, 'loss|dense|loss'), fuzz(3, 'loss|-|fit'), known, crashed]),
        { locate: (file) => ({ file, line: 7 }) },
      ),
    );
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      [
        'inventory',
        'init',
        'forward',
        'activation',
        'loss',
        'gradient',
        'weights',
        'slot',
        'state',
        'resources',
        'error',
      ].map((k) => `divergence/${k}`),
    );
    expect(run.results.map((r: any) => [r.ruleId, r.level, r.properties.cases])).toEqual([
      ['divergence/forward', 'error', ['two-tower']],
      ['divergence/loss', 'error', ['fuzz-42-1', 'fuzz-42-2']],
      ['divergence/loss', 'error', ['fuzz-42-3']],
    ]);
    const [first, generated] = run.results;
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe(first.ruleId);
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'pairs/two-tower.mjs', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7 },
    });
    expect(first.message.text).toBe(
      `two-tower: forward divergence at forward (output[0]) — new finding, signature forward|-|forward\noutput[0]: mismatched elements: 3 / 4 (75.0%)\nDiagnosis: Lazy build before compile — ${diagnosis.fix} (fixtures/pairs/README.md#2-lazy-build-before-compile)\nReproduce: npx parity-check --pair pairs/two-tower.mjs --seed 1`,
    );
    expect(generated.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'reports/parity-check.json', uriBaseId: '%SRCROOT%' } },
      message: { text: 'generated case fuzz-42-1: npx parity-check --replay pc2.1' },
    });
    expect(run.invocations[0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        { level: 'error', message: { text: 'c: crashed, not checked: fit: worker exited' } },
      ],
    });
  });

  it('fingerprints a finding by its signature and file only: stable over reruns, distinct between findings', () => {
    const once = JSON.parse(sarifReport(runOf([pair]))).runs[0].results[0];
    const rerun = JSON.parse(
      sarifReport(
        runOf([{ ...pair, durationMs: 999, divergences: [{ ...forward, message: 'output[0]: other values' }] }]),
      ),
    ).runs[0].results[0];
    expect(once.partialFingerprints).toEqual({
      'parityCheckFinding/v1': findingFingerprint('forward|-|forward', 'pairs/two-tower.mjs'),
    });
    expect(rerun.partialFingerprints).toEqual(once.partialFingerprints);
    expect(findingFingerprint('forward|-|forward', 'other.mjs')).not.toBe(
      findingFingerprint('forward|-|forward', 'pairs/two-tower.mjs'),
    );
    expect(findingFingerprint('loss|-|loss', 'pairs/two-tower.mjs')).not.toBe(
      findingFingerprint('forward|-|forward', 'pairs/two-tower.mjs'),
    );
    expect(findingFingerprint('forward|-|forward', undefined)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves known findings out, and reports them as warnings under --strict', () => {
    expect(JSON.parse(sarifReport(runOf([known]))).runs[0].results).toEqual([]);
    const strict = JSON.parse(sarifReport(runOf([known], true))).runs[0].results;
    expect(strict.map((r: any) => [r.ruleId, r.level, r.properties.knownCauses])).toEqual([
      ['divergence/resources', 'warning', ['shared-layer-dispose']],
    ]);
  });
});
