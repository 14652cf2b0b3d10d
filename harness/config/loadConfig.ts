import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createJiti } from 'jiti';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors';
import { didYouMean } from '../util/nearest';
import { configSchema, type Config } from './Config';

/** The names a config file may have, in the order they are looked for. */
export const CONFIG_FILES = [
  'parity-check.config.ts',
  'parity-check.config.mts',
  'parity-check.config.js',
  'parity-check.config.mjs',
  'parity-check.config.json',
] as const;

/** A config file, read and checked: its settings with paths made relative to the working directory. */
export interface LoadedConfig {
  /** The file, as given or relative to the working directory. */
  file: string;
  config: Config;
}

const shown = (abs: string) => relative(process.cwd(), abs) || abs;

/**
 * The config file for a run started in `cwd`: the folder's own, else its
 * parent's, and so on up to the folder holding the project's
 * `package.json` (or the root). Two config files in one folder are
 * refused: which one counts would be a guess.
 */
export function findConfig(cwd = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const here = CONFIG_FILES.filter((f) => existsSync(join(dir, f)));
    if (here.length > 1)
      throw new UsageError(
        `${shown(join(dir, here[0]))}: ${here.slice(1).join(', ')} is there too; keep one config file (or pick one with --config FILE)`,
      );
    if (here.length === 1) return join(dir, here[0]);
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return undefined;
  }
}

const withJiti = (abs: string) => createJiti(__filename, { fsCache: false, interopDefault: false }).import(abs);

/** JavaScript through Node's `import()`; where a VM context has none (a jest test), through jiti, as TypeScript. */
async function importJavaScript(abs: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(abs).href);
  } catch (e) {
    if ((e as { code?: string })?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw e;
    return withJiti(abs);
  }
}

async function readModule(abs: string, file: string): Promise<unknown> {
  try {
    if (abs.endsWith('.json')) return JSON.parse(readFileSync(abs, 'utf8'));
    // TypeScript through jiti (types stripped, no loader hooks on Node), JavaScript through Node's import().
    const mod = /\.[cm]?ts$/.test(abs) ? await withJiti(abs) : await importJavaScript(abs);
    const value = (mod as { default?: unknown })?.default;
    if (value === undefined) throw new Error('no default export; a config file default-exports defineConfig({ … })');
    return value;
  } catch (e) {
    throw new UsageError(
      `${file}: cannot read the config: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
}

/** One line for the first problem zod found, naming the key; a misspelt key gets the nearest name. */
function problem(file: string, error: import('zod').ZodError): UsageError {
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return new UsageError(`${file}: unknown setting '${key}'${didYouMean(key, Object.keys(configSchema.shape))}`);
  }
  const at = issue.path.length > 0 ? issue.path.join('.') : 'the default export';
  return new UsageError(`${file}: '${at}': ${issue.message.split('\n')[0]}`);
}

/**
 * Paths and globs of a config, relative to its folder, made relative to
 * the working directory. A glob that matches nothing is refused (a typo
 * would otherwise check nothing and pass); a plain path is kept, so a
 * missing file is refused as `--spec`/`--pair` refuse it.
 */
function expand(patterns: string[], dir: string, file: string, key: string): string[] {
  return patterns.flatMap((p) => {
    if (!isDynamicPattern(p)) return [shown(isAbsolute(p) ? p : join(dir, p))];
    const found = globSync(p, { cwd: dir, absolute: true, onlyFiles: true }).sort();
    if (found.length === 0)
      throw new UsageError(`${file}: '${key}': '${p}' matches no file (relative to ${shown(dir) || '.'})`);
    return found.map(shown);
  });
}

/**
 * Reads, checks and resolves a config file: `--config FILE`, or the one
 * {@link findConfig} finds. Every problem is one line naming the file and
 * the key (exit 2).
 */
export async function loadConfig(explicit?: string, cwd = process.cwd()): Promise<LoadedConfig | undefined> {
  const abs = explicit !== undefined ? resolve(cwd, explicit) : findConfig(cwd);
  if (abs === undefined) return undefined;
  const file = explicit ?? shown(abs);
  if (!existsSync(abs)) throw new UsageError(`--config ${file}: no such file`);
  if (!statSync(abs).isFile()) throw new UsageError(`--config ${file}: not a file`);
  if (!/\.(ts|mts|js|mjs|json)$/.test(abs))
    throw new UsageError(`--config ${file}: a config file is .ts, .mts, .js, .mjs or .json`);
  const parsed = configSchema.safeParse(await readModule(abs, file));
  if (!parsed.success) throw problem(file, parsed.error);
  const config: Config = { ...parsed.data } as Config;
  const dir = dirname(abs);
  if (config.specs) config.specs = expand(config.specs, dir, file, 'specs');
  if (config.pairs) config.pairs = expand(config.pairs, dir, file, 'pairs');
  for (const key of ['json', 'junit', 'html', 'sarif', 'jsonl'] as const)
    if (config[key] !== undefined) config[key] = shown(resolve(dir, config[key]));
  return { file, config };
}
