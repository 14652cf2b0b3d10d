import { UsageError } from '../errors';

/** A deterministic slice of a run: shard `index` of `total` (1-based, as jest and Playwright spell `--shard k/N`). */
export interface Shard {
  index: number;
  total: number;
}

/** Parses `k/N` (1 ≤ k ≤ N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, total] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || total < 1 || index < 1 || index > total)
    throw new UsageError(`invalid shard '${text}': use k/N with 1 ≤ k ≤ N, e.g. --shard 2/4`);
  return { index, total };
}

/**
 * Whether the case at `index` belongs to the shard: every N-th case, so
 * each shard gets fixture, pair and generated cases alike, and the union of
 * all N shards is the whole run.
 */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.total === shard.index - 1;
}
