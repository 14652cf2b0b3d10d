import { readFileSync, existsSync } from 'node:fs';
import { InvalidSpecError } from '../errors';
import type { ModelSpec } from './types';
import { validateSpec } from './validateSpec';

/** Reads and validates a spec file; every failure names the file. */
export function loadSpecFile(file: string): ModelSpec {
  if (!existsSync(file)) throw new InvalidSpecError(`${file}: no such file`, { file });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidSpecError(`${file}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  return validateSpec(raw, file);
}
