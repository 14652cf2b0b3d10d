import { existsSync, readFileSync, statSync } from 'node:fs';
import { InvalidSpecError } from '../errors';
import type { ModelSpec } from './types';
import { validateSpec } from './validateSpec';

/** A regression fixture (fixtures/regressions/): a spec with what it is expected to show. */
const isRegressionFixture = (raw: unknown): raw is { spec: unknown } =>
  typeof raw === 'object' &&
  raw !== null &&
  !('version' in raw) &&
  'spec' in raw &&
  ('expect' in raw || 'cause' in raw);

/**
 * Reads and validates a spec file; every failure names the file. A
 * regression fixture is accepted too (its `spec` is checked), so a recorded
 * finding replays with `--spec fixtures/regressions/<file>`.
 */
export function loadSpecFile(file: string): ModelSpec {
  if (!existsSync(file)) throw new InvalidSpecError(`${file}: no such file`, { file });
  if (!statSync(file).isFile()) throw new InvalidSpecError(`${file}: not a file (a spec is one JSON file)`, { file });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidSpecError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  if (text.includes('\u0000') || text.includes('\uFFFD'))
    throw new InvalidSpecError(`${file}: not a JSON text file (it holds binary data)`, { file });
  if (text.trim() === '')
    throw new InvalidSpecError(
      `${file}: empty file (a spec is a JSON object with version, name, inputs, layers, nodes and outputs)`,
      { file },
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key: string, value: unknown) => {
      // JSON.parse keeps a "__proto__" key as a plain field; no spec has one, and code that copies it could make it a prototype.
      if (key === '__proto__')
        throw new InvalidSpecError(`${file}: a field named "__proto__" is not allowed in a spec`, {
          file,
          field: '__proto__',
        });
      return value;
    });
  } catch (e) {
    if (e instanceof InvalidSpecError) throw e;
    if (e instanceof RangeError)
      throw new InvalidSpecError(`${file}: nested too deeply to read (JSON.parse ran out of stack)`, { file });
    throw new InvalidSpecError(`${file}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InvalidSpecError(
      `${file}: a spec is a JSON object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
      { file },
    );
  return validateSpec(isRegressionFixture(raw) ? raw.spec : raw, file);
}
