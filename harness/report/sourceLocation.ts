import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a case comes from: its pair module or spec file, and the line that names it when it can be found. */
export interface SourceLocation {
  /** Relative to the root the locator was made for, with `/` separators (what GitHub and SARIF expect). */
  file: string;
  /** 1-based line of the case's `name`. */
  line?: number;
}

/** Finds a case's file and the line of its name (see {@link locateNames}). */
export type Locate = (file: string, name: string) => SourceLocation;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The 1-based line of a source text that gives `name` as a string
 * literal — `name: 'two-tower'` in a pair module, `"name": "mlp"` in a
 * spec. A line with the word `name` on it wins over a bare literal (a
 * layer or node could share the text); a name that is computed, not
 * written, is not found, and then no line is claimed.
 */
export function nameLine(text: string, name: string): number | undefined {
  const literal = new RegExp(`(['"\`])${escapeRegExp(name)}\\1`);
  const lines = text.split(/\r?\n/);
  const named = lines.findIndex((l) => /\bname\b/.test(l) && literal.test(l));
  if (named >= 0) return named + 1;
  const any = lines.findIndex((l) => literal.test(l));
  return any >= 0 ? any + 1 : undefined;
}

/**
 * A locator that reads each file once (at most 1 MiB) and gives paths
 * relative to `root` — the repository root GitHub resolves annotation
 * and SARIF paths against (`GITHUB_WORKSPACE` in Actions, else the
 * working directory). A file that cannot be read keeps its path, no line.
 */
export function locateNames(root = process.env.GITHUB_WORKSPACE || process.cwd()): Locate {
  const texts = new Map<string, string | undefined>();
  const read = (abs: string) => {
    if (!texts.has(abs)) {
      try {
        const text = readFileSync(abs, 'utf8');
        texts.set(abs, text.length <= 1 << 20 ? text : undefined);
      } catch {
        texts.set(abs, undefined);
      }
    }
    return texts.get(abs);
  };
  return (file, name) => {
    const abs = resolve(file);
    const rel = relative(root, abs);
    const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const text = read(abs);
    return { file: shown.split(sep).join('/'), line: text === undefined ? undefined : nameLine(text, name) };
  };
}

/** A locator that reads nothing: paths as the result recorded them, no lines (a pure rendering). */
export const locateNothing: Locate = (file) => ({ file: file.split(sep).join('/') });
