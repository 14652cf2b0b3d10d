import { stableName } from '../runtime/stableName';
import type { Divergence } from './Divergence';

/** One variable as a side exposes it, under its aligned key. */
export interface InventoryEntry {
  key: string;
  tfName: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
}

/**
 * Counts, then keys on one side only, then shape/dtype/trainability of
 * shared keys, at `checkpoint`. One-sided keys go into `reported`, so the
 * value comparisons of the same build do not name them again.
 */
export function compareInventory(
  a: InventoryEntry[],
  b: InventoryEntry[],
  checkpoint = 'init',
  reported: Set<string> = new Set(),
): Divergence[] {
  const out: Divergence[] = [];
  const count = (xs: InventoryEntry[], t: boolean) => xs.filter((x) => x.trainable === t).length;
  for (const t of [true, false]) {
    const [na, nb] = [count(a, t), count(b, t)];
    const what = t ? 'trainable' : 'non-trainable';
    const seen = `@count:${what}:${na}:${nb}`;
    if (na === nb || reported.has(seen)) continue;
    reported.add(seen);
    out.push({
      kind: 'inventory',
      checkpoint,
      key: `count:${what}`,
      message: `${what} variable count: subclass ${na}, functional ${nb}`,
    });
  }
  const mb = new Map(b.map((x) => [x.key, x]));
  const ma = new Map(a.map((x) => [x.key, x]));
  const fmt = (x: InventoryEntry) =>
    `[${x.shape.join(', ')}] ${x.dtype}${x.trainable ? '' : ' non-trainable'} (tfjs name ${stableName(x.tfName)})`;
  const only = (side: 'subclass' | 'functional', xs: InventoryEntry[], other: Map<string, InventoryEntry>) => {
    for (const x of xs) {
      if (other.has(x.key) || reported.has(x.key)) continue;
      reported.add(x.key);
      out.push({
        kind: 'inventory',
        checkpoint,
        key: x.key,
        message: `${x.key} exists only on the ${side} side: ${fmt(x)}`,
      });
    }
  };
  only('subclass', a, mb);
  only('functional', b, ma);
  for (const x of a) {
    const y = mb.get(x.key);
    if (!y || reported.has(`${x.key}@kind`)) continue;
    if (x.shape.join() !== y.shape.join() || x.dtype !== y.dtype || x.trainable !== y.trainable) {
      reported.add(`${x.key}@kind`);
      out.push({
        kind: 'inventory',
        checkpoint,
        key: x.key,
        message: `${x.key}: subclass ${fmt(x)}, functional ${fmt(y)}`,
      });
    }
  }
  return out;
}
