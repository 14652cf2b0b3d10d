import type { makeOptimizer } from '../runtime/makeOptimizer';
import { optimizerWeights } from '../runtime/optimizerState';
import { tensorData, type TensorData } from '../runtime/tensorData';
import type { KeyedWeights } from './inventoryOf';

type Optimizer = ReturnType<typeof makeOptimizer>;

/** Optimizer slots by `key#slot` (e.g. `d/kernel#m`), plus `optimizer#iter` and the optimizer's own scalars. */
export async function slotsOf(opt: Optimizer, inv: KeyedWeights): Promise<Map<string, TensorData>> {
  const out = new Map<string, TensorData>();
  for (const { name, tensor } of await optimizerWeights(opt)) {
    if (name === 'iter' || !name.includes('/')) {
      out.set(`optimizer#${name}`, tensorData(tensor));
      if (name === 'iter') tensor.dispose(); // a fresh scalar each call, unlike the slot variables
      continue;
    }
    const cut = name.lastIndexOf('/');
    const key = inv.keyOf.get(name.slice(0, cut)) ?? `unkeyed:${name.slice(0, cut)}`;
    out.set(`${key}#${name.slice(cut + 1)}`, tensorData(tensor));
  }
  return out;
}
