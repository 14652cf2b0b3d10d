import { UsageError } from '../errors';
import type { RawCase } from './caseArbitrary';
import type { SizeOptions } from './decodeRecipe';

/** Everything needed to rerun one generated case exactly. */
export interface ReplayCase extends RawCase {
  /** Case seed (initializers, inputs, targets, global random). */
  seed: number;
  mutant?: string;
  sizes: SizeOptions;
  /** Name the case had in its run. */
  name: string;
}

const PREFIX = 'pc1.';

/** A compact, copy-pasteable token for a generated case. */
export function encodeReplay(c: ReplayCase): string {
  return PREFIX + Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** Decodes a replay token (throws {@link UsageError} for anything malformed). */
export function decodeReplay(token: string): ReplayCase {
  const bad = () => new UsageError(`invalid replay token '${token.length > 24 ? token.slice(0, 24) + '…' : token}': copy it whole from a report (it starts with ${PREFIX})`);
  if (!token.startsWith(PREFIX)) throw bad();
  let c: any;
  try {
    c = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const ints = (a: unknown) => Array.isArray(a) && a.every((x) => Number.isInteger(x) && x >= 0);
  const recipe = c?.recipe;
  if (!c || !recipe || !ints(recipe.head) || !Array.isArray(recipe.steps) || !recipe.steps.every(ints) || typeof c.seed !== 'number' || typeof c.config !== 'object' || typeof c.sizes !== 'object' || typeof c.name !== 'string') throw bad();
  return c as ReplayCase;
}
