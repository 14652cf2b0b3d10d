import type { Side, Weight } from '../construct/Side';
import type { InventoryEntry } from '../compare/inventory';
import type { TensorData } from '../compare/compareValues';
import { tensorData } from '../runtime/tensorData';

/** A side's variables, keyed, in the order it exposes them (trainable first). */
export interface KeyedWeights {
  entries: (InventoryEntry & { weight: Weight })[];
  /** tfjs variable name → key, for slots and gradients. */
  keyOf: Map<string, string>;
}

/** Reads a side's exposed weights through its public API and keys them. */
export function inventoryOf(side: Side, keys: Map<string, string>): KeyedWeights {
  const entries = [
    ...side.net.trainableWeights.map((w) => ({ w, trainable: true })),
    ...side.net.nonTrainableWeights.map((w) => ({ w, trainable: false })),
  ].map(({ w, trainable }) => ({ key: keys.get(w.name) ?? `unkeyed:${w.name}`, tfName: w.name, shape: [...w.shape] as number[], dtype: w.dtype, trainable, weight: w }));
  const keyOf = new Map(entries.map((e) => [e.tfName, e.key]));
  return { entries, keyOf };
}

/** Current values of a side's weights by key (optionally only trainable or non-trainable). */
export function valuesOf(k: KeyedWeights, trainable?: boolean): Map<string, TensorData> {
  return new Map(k.entries.filter((e) => trainable === undefined || e.trainable === trainable).map((e) => [e.key, tensorData(e.weight.read())]));
}
