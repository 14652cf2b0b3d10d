import type { Divergence } from './Divergence';

/** One variable as a side exposes it, under its aligned key. */
export interface InventoryEntry {
  key: string;
  tfName: string;
  shape: number[];
  dtype: string;
  trainable: boolean;
}

/** Counts, then keys on one side only, then shape/dtype/trainability of shared keys. */
export function compareInventory(a: InventoryEntry[], b: InventoryEntry[]): Divergence[] {
  const out: Divergence[] = [];
  const count = (xs: InventoryEntry[], t: boolean) => xs.filter((x) => x.trainable === t).length;
  for (const t of [true, false]) {
    const [na, nb] = [count(a, t), count(b, t)];
    const what = t ? 'trainable' : 'non-trainable';
    if (na !== nb) out.push({ kind: 'inventory', checkpoint: 'init', key: '', message: `${what} variable count: subclass ${na}, functional ${nb}` });
  }
  const mb = new Map(b.map((x) => [x.key, x]));
  const ma = new Map(a.map((x) => [x.key, x]));
  const fmt = (x: InventoryEntry) => `[${x.shape.join(', ')}] ${x.dtype}${x.trainable ? '' : ' non-trainable'} (tfjs name ${x.tfName})`;
  for (const x of a) if (!mb.has(x.key)) out.push({ kind: 'inventory', checkpoint: 'init', key: x.key, message: `${x.key} exists only on the subclass side: ${fmt(x)}` });
  for (const y of b) if (!ma.has(y.key)) out.push({ kind: 'inventory', checkpoint: 'init', key: y.key, message: `${y.key} exists only on the functional side: ${fmt(y)}` });
  for (const x of a) {
    const y = mb.get(x.key);
    if (!y) continue;
    if (x.shape.join() !== y.shape.join() || x.dtype !== y.dtype || x.trainable !== y.trainable)
      out.push({ kind: 'inventory', checkpoint: 'init', key: x.key, message: `${x.key}: subclass ${fmt(x)}, functional ${fmt(y)}` });
  }
  return out;
}
