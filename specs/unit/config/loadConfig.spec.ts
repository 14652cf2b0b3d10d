import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defineConfig, findConfig, loadConfig, type Config } from '../../../harness';

/** A fresh project folder (with a package.json, where the search for a config stops) holding these files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const rel = (dir: string, f: string) => relative(process.cwd(), join(dir, f));

describe('the config file', () => {
  it('is found in the working directory or the nearest folder above it, up to the project root', () => {
    const dir = project({ 'parity-check.config.json': '{}', 'sub/deeper/x.txt': '' });
    expect(findConfig(dir)).toBe(join(dir, 'parity-check.config.json'));
    expect(findConfig(join(dir, 'sub', 'deeper'))).toBe(join(dir, 'parity-check.config.json'));
    // A folder with its own package.json is a project of its own: the search stops there.
    const inner = join(dir, 'inner');
    mkdirSync(inner);
    writeFileSync(join(inner, 'package.json'), '{}');
    expect(findConfig(inner)).toBeUndefined();
  });

  it('refuses two config files in one folder', () => {
    const dir = project({ 'parity-check.config.json': '{}', 'parity-check.config.mjs': 'export default {};' });
    expect(() => findConfig(dir)).toThrow(
      /parity-check\.config\.mjs: parity-check\.config\.json is there too; keep one config file \(or pick one with --config FILE\)$/,
    );
  });

  it('reads JSON, JavaScript and TypeScript, and makes paths and globs relative to the working directory', async () => {
    const dir = project({ 'pairs/a.pair.mjs': '', 'pairs/b.pair.mjs': '', 'specs/s.json': '{}' });
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        pairs: ['pairs/*.pair.mjs'],
        specs: ['specs/s.json', 'specs/missing.json'],
        seed: 7,
        json: 'out/r.json',
      }),
    );
    expect(await loadConfig(join(dir, 'c.json'))).toEqual({
      file: join(dir, 'c.json'),
      config: {
        pairs: [rel(dir, 'pairs/a.pair.mjs'), rel(dir, 'pairs/b.pair.mjs')],
        specs: [rel(dir, 'specs/s.json'), rel(dir, 'specs/missing.json')],
        seed: 7,
        json: rel(dir, 'out/r.json'),
      },
    });
    writeFileSync(join(dir, 'c.mjs'), "export default { steps: 3, reporters: ['console', 'sarif'] };");
    expect((await loadConfig(join(dir, 'c.mjs')))?.config).toEqual({ steps: 3, reporters: ['console', 'sarif'] });
    writeFileSync(
      join(dir, 'c.ts'),
      "import type { Config } from 'parity-check';\nconst c: Config = { optimizer: 'sgd', fit: false };\nexport default c;\n",
    );
    expect((await loadConfig(join(dir, 'c.ts')))?.config).toEqual({ optimizer: 'sgd', fit: false });
    expect(await loadConfig(undefined, dir)).toBeUndefined();
  });

  it.each([
    [{ sedd: 1 }, "unknown setting 'sedd' (did you mean 'seed'?)"],
    [{ reporter: ['json'] }, "unknown setting 'reporter' (did you mean 'reporters'?)"],
    [{ steps: 1.5 }, "'steps': expected a whole number, got a fraction"],
    [{ steps: 0 }, "'steps': expected a whole number of at least 1"],
    [{ optimizer: 'adamw' }, /^'optimizer': Invalid option: expected one of "sgd"\|"momentum"/],
    [{ tolerance: 'close' }, "'tolerance': expected 'exact', 'ulp:N' or 'atol:A,rtol:R'"],
    [{ reporters: ['console', 'jsno'] }, /^'reporters\.1': Invalid option: expected one of "console"\|"json"/],
    [{ backends: ['cpu'] }, "'backends': expected two or more backends"],
    [{ backends: ['cpu', 'gpu'] }, /^'backends\.1': Invalid option: expected one of "cpu"\|"wasm"\|"tensorflow"/],
    [{ onednn: 'maybe' }, /^'onednn': Invalid option: expected one of "on"\|"off"/],
    [{ pairs: ['nothing/*.mjs'] }, /^'pairs': 'nothing\/\*\.mjs' matches no file \(relative to /],
    [[1, 2], /^'the default export': /],
  ])('refuses %j in one line naming the file and the setting', async (value, message) => {
    const dir = project({ 'parity-check.config.json': JSON.stringify(value) });
    const error = await loadConfig(undefined, dir).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message.split('\n')).toHaveLength(1);
    const file = relative(process.cwd(), join(dir, 'parity-check.config.json'));
    expect(error?.message.startsWith(`${file}: `)).toBe(true);
    expect(error?.message.slice(file.length + 2)).toMatch(
      typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message,
    );
  });

  it('refuses a missing file, a folder, another extension, bad JSON and a module without a default export', async () => {
    const dir = project({ 'bad.json': '{ seed: 1 }', 'x.yaml': '', 'named.mjs': 'export const seed = 1;' });
    const message = (file: string) =>
      loadConfig(file, dir).then(
        () => '',
        (e: Error) => e.message,
      );
    expect(await message('none.json')).toBe('--config none.json: no such file');
    expect(await message('.')).toBe('--config .: not a file');
    expect(await message('x.yaml')).toBe('--config x.yaml: a config file is .ts, .mts, .js, .mjs or .json');
    expect(await message('bad.json')).toMatch(/^bad\.json: cannot read the config: .*JSON/);
    expect(await message('named.mjs')).toBe(
      'named.mjs: cannot read the config: no default export; a config file default-exports defineConfig({ … })',
    );
  });

  it('defineConfig is a typed identity', () => {
    const c: Config = { seed: 1, reporters: ['github'] };
    expect(defineConfig(c)).toBe(c);
    // @ts-expect-error: a misspelt key is a compile error
    defineConfig({ sedd: 1 });
  });
});
