import { compareSets } from '../compare/compareSets';
import type { Divergence } from '../compare/Divergence';
import { compareInventory, type InventoryEntry } from '../compare/inventory';
import type { Tolerance } from '../compare/Tolerance';
import type { Side, Weight } from '../construct/Side';
import { tensorData, type TensorData } from '../runtime/tensorData';

/** A side's variables, keyed, in the order it exposes them (trainable first). */
export interface KeyedWeights {
  entries: (InventoryEntry & { weight: Weight })[];
  /** tfjs variable name → key, for slots and gradients. */
  keyOf: Map<string, string>;
}

/**
 * Reads a side's exposed weights through its public API and keys them. A
 * weight without a key (created after the keys were read) keeps its tfjs
 * name, so it shows as a variable of one side only rather than vanishing.
 */
export function inventoryOf(side: Side, keys: Map<string, string>): KeyedWeights {
  const entries = [
    ...side.net.trainableWeights.map((w) => ({ w, trainable: true })),
    ...side.net.nonTrainableWeights.map((w) => ({ w, trainable: false })),
  ].map(({ w, trainable }) => ({
    key: keys.get(w.name) ?? `unkeyed:${side.name}:${w.name}`,
    tfName: w.name,
    shape: [...w.shape] as number[],
    dtype: w.dtype,
    trainable,
    weight: w,
  }));
  const keyOf = new Map(entries.map((e) => [e.tfName, e.key]));
  return { entries, keyOf };
}

/** Current values of a side's weights by key (optionally only trainable or non-trainable). */
export function valuesOf(k: KeyedWeights, trainable?: boolean): Map<string, TensorData> {
  return new Map(
    k.entries
      .filter((e) => trainable === undefined || e.trainable === trainable)
      .map((e) => [e.key, tensorData(e.weight.read())]),
  );
}

/**
 * Compares every variable of both sides at a checkpoint: the inventory
 * again (a weight created since is named here), then values — `weights`
 * for variables trainable on either side (so a kernel frozen on one side
 * only is still compared), `state` for the rest. Nothing is skipped:
 * a key on one side only is an `inventory` divergence, once per build
 * (`reported`). `values` are the sides' values read earlier (before a
 * training-mode probe restored them), when not read now.
 */
export function compareVariables(
  checkpoint: string,
  a: KeyedWeights,
  b: KeyedWeights,
  tol: Tolerance,
  reported: Set<string>,
  values?: [Map<string, TensorData>, Map<string, TensorData>],
): Divergence[] {
  const out = compareInventory(a.entries, b.entries, checkpoint, reported);
  const trainable = new Set([...a.entries, ...b.entries].filter((e) => e.trainable).map((e) => e.key));
  const [va, vb] = values ?? [valuesOf(a), valuesOf(b)];
  const part = (m: Map<string, TensorData>, t: boolean) => new Map([...m].filter(([k]) => trainable.has(k) === t));
  const oneSided = { kind: 'inventory' as const, what: 'variable', reported };
  out.push(
    ...compareSets(
      checkpoint === 'init' ? 'init' : 'weights',
      checkpoint,
      part(va, true),
      part(vb, true),
      tol,
      oneSided,
    ),
  );
  out.push(
    ...compareSets(
      checkpoint === 'init' ? 'init' : 'state',
      checkpoint,
      part(va, false),
      part(vb, false),
      tol,
      oneSided,
    ),
  );
  return out;
}
