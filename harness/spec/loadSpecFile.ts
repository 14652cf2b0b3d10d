import { existsSync, readFileSync } from 'node:fs';
import { InvalidSpecError } from '../errors';
import type { ModelSpec } from './types';
import { validateSpec } from './validateSpec';

/** A regression fixture (fixtures/regressions/): a spec with what it is expected to show. */
const isRegressionFixture = (raw: unknown): raw is { spec: unknown } =>
  typeof raw === 'object' && raw !== null && !('version' in raw) && 'spec' in raw && ('expect' in raw || 'cause' in raw);

/**
 * Reads and validates a spec file; every failure names the file. A
 * regression fixture is accepted too (its `spec` is checked), so a recorded
 * finding replays with `--spec fixtures/regressions/<file>`.
 */
export function loadSpecFile(file: string): ModelSpec {
  if (!existsSync(file)) throw new InvalidSpecError(`${file}: no such file`, { file });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidSpecError(`${file}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  return validateSpec(isRegressionFixture(raw) ? raw.spec : raw, file);
}
