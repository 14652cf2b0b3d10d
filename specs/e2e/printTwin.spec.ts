import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, TEST_BACKEND } from '../helpers';

/**
 * `--layer FILE --print-twin OUT` (issue #19 §4): the derived twin written
 * as a pair module a user can keep and edit. The written module must load
 * as any pair module and give the verdict and findings `--layer` gives.
 */
const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const LAYERS = ['03-training-not-forwarded.mjs', '10-mask-propagation.mjs', 'public/layer-norm.mjs'];
const sigs = (c: any) => [...new Set(c.divergences.map((d: any) => `${d.kind}@${d.checkpoint}`))];

describe('--print-twin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-check-twins-'));
  const written = LAYERS.map((f) => join(dir, f.replace(/\//g, '-').replace(/\.mjs$/, '.twin.mjs')));
  let layers: any;
  let pairs: any;

  beforeAll(() => {
    LAYERS.forEach((f, i) => {
      const r = cli(['--layer', join('fixtures', 'layers', f), '--print-twin', written[i], '--backend', TEST_BACKEND]);
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(r.out).toContain(`wrote the derived twin of fixtures/layers/${f} as a pair module: ${written[i]}`);
    });
    const json = (name: string) => join(dir, name);
    cli([
      ...LAYERS.flatMap((f) => ['--layer', join('fixtures', 'layers', f)]),
      '--backend',
      TEST_BACKEND,
      '--reporter',
      'json',
      '--json',
      json('layers.json'),
    ]);
    cli([
      ...written.flatMap((f) => ['--pair', f]),
      '--backend',
      TEST_BACKEND,
      '--reporter',
      'json',
      '--json',
      json('pairs.json'),
    ]);
    layers = JSON.parse(readFileSync(json('layers.json'), 'utf8'));
    pairs = JSON.parse(readFileSync(json('pairs.json'), 'utf8'));
  });

  it('writes a readable pair module: tfjs layers from their configs, seeded as the layer seeds them, ops and owned weights by name', () => {
    const bn = readFileSync(written[0], 'utf8');
    expect(bn).toMatch(/^\/\/ The functional twin of 'layer-03-training-not-forwarded'/);
    expect(bn).toMatch(/not the arithmetic/);
    expect(bn).toContain(
      'layer(tf, "Dense", { units: 5, activation: "linear", useBias: true, kernelInitializer: init("proj/kernel")',
    );
    expect(bn).toContain('layer(tf, "BatchNormalization", { axis: -1, momentum: 0.9');
    const norm = readFileSync(written[2], 'utf8');
    expect(norm).toMatch(/weight\(tf, "twin_weight\d+_gamma", \[6\], true, \{"className":"Ones","config":\{\}\}\)/);
    expect(norm).toMatch(/op\(tf, "Rsqrt", \{\}, \{ "x": 0 \}, \[\[null,1\]\]\)/);
  });

  it.each(LAYERS.map((f, i) => [f, i]))('%s: the written module gives the verdict and findings of --layer', (_f, i) => {
    const l = layers.cases[i as number];
    const p = pairs.cases.find((c: any) => c.file === written[i as number]);
    expect(p.verdict).toBe(l.verdict);
    expect(sigs(p)).toEqual(sigs(l));
    expect(p.divergences.map((d: any) => d.diagnosis?.entry)).toEqual(
      l.divergences.map((d: any) => d.diagnosis?.entry),
    );
    expect(p.errors).toEqual([]);
    // A pair module written by hand: no derived twin, no scope note.
    expect(p.twin).toBeUndefined();
  });

  it('refuses to write a twin it cannot derive, and needs exactly one --layer (exit 2)', () => {
    const refused = cli(['--layer', 'fixtures/layers/data-dependent.mjs', '--print-twin', join(dir, 'x.mjs')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/data-dependent\.mjs: cannot derive a functional twin: call\(\) reads tensor values/);
    const two = cli([
      '--layer',
      'fixtures/layers/public/raw-dense.mjs',
      '--layer',
      'fixtures/layers/public/attention.mjs',
      '--print-twin',
      join(dir, 'y.mjs'),
    ]);
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/--print-twin writes the twin of one layer module: give exactly one --layer \(got 2\)/);
  });
});
