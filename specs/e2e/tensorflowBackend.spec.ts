import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers';

// Run by the jest project `tensorflow` only (jest.config.js): where tfjs-node's addon is built.
describe('the CLI where the tensorflow backend is set up', () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const file = join(mkdtempSync(join(tmpdir(), 'parity-check-tf-')), 'r.json');
    const r = spawnSync(process.execPath, [CLI, '--spec', 'fixtures/specs/article-1-mlp.json', '--json', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: r.status, out: r.stdout, json: JSON.parse(readFileSync(file, 'utf8')) };
  };

  it("auto picks tensorflow, runs it with TensorFlow's defaults, and records its version and settings in the run and in every case", () => {
    const r = run({ PARITY_CHECK_TENSORFLOW: '', TF_ENABLE_ONEDNN_OPTS: undefined });
    expect(r.code).toBe(0);
    expect(r.json.tfjs.backend).toBe('tensorflow');
    expect(r.json.tfjs.skippedBackends).toEqual([]);
    const runtime = {
      tensorflow: expect.stringMatching(/^\d+\.\d+\.\d+/),
      tfjsNode: '4.22.0',
      oneDnn: 'on',
      settings: {},
    };
    expect(r.json.tfjs.tensorflow).toEqual(runtime);
    expect(r.json.cases.map((c: any) => [c.backend, c.tensorflow])).toEqual([['tensorflow', runtime]]);
    expect(r.out).toMatch(
      /^tfjs 4\.22\.0 on backend tensorflow \(TensorFlow \d+\.\d+\.\d+ via tfjs-node 4\.22\.0, oneDNN on by default\) · /m,
    );
  });

  it('a oneDNN setting the user made is recorded as set, and the harness does not change it', () => {
    const r = run({ PARITY_CHECK_TENSORFLOW: '', TF_ENABLE_ONEDNN_OPTS: '0' });
    expect(r.json.cases[0].tensorflow).toMatchObject({ oneDnn: 'off', settings: { TF_ENABLE_ONEDNN_OPTS: '0' } });
    expect(r.out).toMatch(/oneDNN off with TF_ENABLE_ONEDNN_OPTS=0\) · /);
  });

  it('PARITY_CHECK_TENSORFLOW=off makes auto pass over tensorflow, and says so', () => {
    const r = run({ PARITY_CHECK_TENSORFLOW: 'off' });
    expect(r.json.tfjs.backend).toBe('wasm');
    expect(r.json.tfjs.skippedBackends).toEqual([{ backend: 'tensorflow', reason: 'PARITY_CHECK_TENSORFLOW=off' }]);
    expect(r.json.tfjs.tensorflow).toBeUndefined();
  });
});
