import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleModule } from '../../../harness/export/bundleModule';
import { BadModuleError } from '../../../harness/errors';
import { ROOT } from '../../helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parity-check-bundle-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle as a script would (from the repository, so tfjs resolves) and prints what PAIR holds. */
function evaluate(code: string): string {
  const file = join(dir, 'bundled.mjs');
  writeFileSync(
    file,
    `${code}\nconst p = await PAIR;\nconsole.log(JSON.stringify({ name: p.name, inputs: p.inputs, units: p.units?.() }));\n`,
  );
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('bundleModule', () => {
  it('bundles a TypeScript pair module and its relative imports into one scope, types stripped, PAIR bound', async () => {
    writeFileSync(join(dir, 'helper.ts'), 'export const units = (n: number): number => n * 2;\n');
    writeFileSync(
      join(dir, 'pair.ts'),
      [
        "import { units } from './helper';",
        'interface Ctx { tf: unknown }',
        'const pair = { name: "ts-pair", inputs: [{ shape: [3] }], units: () => units(2),',
        '  functional: (ctx: Ctx) => ctx, subclass: (ctx: Ctx) => ctx };',
        'export default pair;',
      ].join('\n'),
    );
    const { code } = await bundleModule(join(dir, 'pair.ts'));
    expect(code).toContain('var units = (n) => n * 2;');
    expect(code).not.toMatch(/interface Ctx|: number/);
    expect(code).not.toMatch(/^export /m);
    expect(code).toMatch(/\nconst PAIR = pair_default;\n$/);
    expect(JSON.parse(evaluate(code))).toEqual({ name: 'ts-pair', inputs: [{ shape: [3] }], units: 4 });
  });

  it("keeps the user's own tf parameter names (the script's tf import is not part of the bundle)", async () => {
    const { code } = await bundleModule(join(ROOT, 'fixtures', 'pairs', 'findings', 'addloss-per-call.mjs'));
    expect(code).toContain('var penalized = (tf, init) => {');
    expect(code).not.toMatch(/\btf2\b/);
    // esbuild names the module by its path from the module's folder: the same text on every machine.
    expect(code).toMatch(/^\/\/ addloss-per-call\.mjs$/m);
  });

  it('leaves @tensorflow packages external and wraps a CommonJS module', async () => {
    writeFileSync(
      join(dir, 'pair.cjs'),
      "const tf = require('@tensorflow/tfjs');\nmodule.exports = { name: 'cjs-pair', inputs: [{ shape: [tf.version.tfjs.length] }], functional() {}, subclass() {} };\n",
    );
    const { code } = await bundleModule(join(dir, 'pair.cjs'));
    expect(code).toContain('require("@tensorflow/tfjs")');
    expect(code).not.toContain('registerKernel');
  });

  it('gives an import of parity-check its declaration helpers only, never the harness itself', async () => {
    writeFileSync(
      join(dir, 'pair.mjs'),
      "import { definePair } from 'parity-check';\nexport default definePair({ name: 'declared', inputs: [{ shape: [2] }], functional() {}, subclass() {} });\n",
    );
    const { code } = await bundleModule(join(dir, 'pair.mjs'));
    expect(code).toContain('var definePair = (pair) => pair;');
    expect(code).not.toMatch(/^import /m);
    expect(JSON.parse(evaluate(code))).toEqual({ name: 'declared', inputs: [{ shape: [2] }] });
  });

  it('refuses a module whose import cannot be resolved, in one line naming the file', async () => {
    const file = join(dir, 'broken.mjs');
    writeFileSync(file, "import { x } from './missing.mjs';\nexport default { x };\n");
    await expect(bundleModule(file)).rejects.toThrow(BadModuleError);
    await expect(bundleModule(file)).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot bundle it for export: Could not resolve "./missing.mjs" \\(`,
      ),
    );
  });
});
