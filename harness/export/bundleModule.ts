import { dirname, resolve } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { BadModuleError } from '../errors';

/**
 * A pair module as code an exported script can hold: the module and
 * everything it imports by a relative path (TypeScript too), bundled by
 * esbuild into one ES module scope, with tfjs left external. The bundle
 * binds `PAIR` (the module's default export, or a promise of it).
 */
export interface BundledModule {
  /** ES module text: the module's own imports of tfjs (if any), its code, then `const PAIR`. */
  code: string;
}

/**
 * `parity-check` as a pair module imports it: only for its declaration
 * helpers, which return their argument. Resolved to these two lines, so the
 * script never imports (nor bundles) the harness itself; any other name
 * imported from it is refused by esbuild, naming the import.
 */
const PARITY_CHECK: Plugin = {
  name: 'parity-check-helpers',
  setup(b) {
    b.onResolve({ filter: /^parity-check(\/.*)?$/ }, (a) => ({ path: a.path, namespace: 'parity-check' }));
    b.onLoad({ filter: /.*/, namespace: 'parity-check' }, () => ({
      contents:
        "// parity-check's declaration helpers return their argument: the script needs nothing else of it.\nexport const definePair = (pair) => pair;\nexport const defineLayer = (layer) => layer;\n",
      loader: 'js',
    }));
  },
};

/** The message of an esbuild error, one line, with where it was found. */
function oneLine(m: Message): string {
  const at = m.location ? ` (${m.location.file}:${m.location.line}:${m.location.column})` : '';
  return `${m.text}${at}`;
}

/**
 * Bundles `file` with esbuild rather than rewriting its source by hand:
 * esbuild resolves relative imports, strips TypeScript, wraps CommonJS
 * and renames what would collide, and its output is the user's code
 * reprinted (comments aside), so it stays readable. Every `@tensorflow/*`
 * package stays external: the script's own import of tfjs (its header)
 * is the one its factories receive as `tf`, as the harness passes its own.
 * The script's import is not part of the bundle on purpose: esbuild would
 * rename every `tf` parameter of the user's code (`tf2`) to keep clear of it.
 *
 * An import of `parity-check` itself gets its declaration helpers only
 * (`definePair`, `defineLayer`, which return their argument).
 *
 * Bad input (a module esbuild cannot resolve or parse) rejects with a
 * {@link BadModuleError} naming the file.
 */
export async function bundleModule(file: string): Promise<BundledModule> {
  const path = resolve(file);
  const dir = dirname(path);
  const entry = `export { default as PAIR } from ${JSON.stringify(path)};\n`;
  let text: string;
  try {
    const out = await build({
      stdin: { contents: entry, resolveDir: dir, sourcefile: 'parity-check-export.js', loader: 'js' },
      // Paths in esbuild's `// file` comments are relative to this: the module's own folder, the same on every machine.
      absWorkingDir: dir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      external: ['@tensorflow/*'],
      write: false,
      charset: 'utf8',
      logLevel: 'silent',
      plugins: [PARITY_CHECK],
    });
    text = out.outputFiles[0].text;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    const first = errors?.[0] ? oneLine(errors[0]) : e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new BadModuleError(`${file}: cannot bundle it for export: ${first}`, file);
  }
  // esbuild ends an ES module with one export clause; the script is not a module anyone imports: bind the names instead.
  const clause = /\nexport \{([^}]*)\};\s*$/.exec(text);
  if (!clause) throw new Error(`${file}: esbuild's bundle has no final export clause`);
  const bound = new Map(
    clause[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => {
        const [local, as] = s.split(/\s+as\s+/);
        return [as ?? local, local] as const;
      }),
  );
  const pair = bound.get('PAIR');
  if (pair === undefined) throw new Error(`${file}: esbuild's bundle exports no PAIR`);
  const body = text.slice(0, clause.index);
  return { code: `${body}\n${pair === 'PAIR' ? '' : `const PAIR = ${pair};\n`}` };
}
