import type { Tolerance } from './Tolerance';
import { compareValues, describeStats, type TensorData } from './compareValues';
import type { Divergence, DivergenceKind } from './Divergence';

/**
 * Compares two keyed sets of tensors (subclass, functional). Keys present on
 * one side only are reported by the inventory check, so they are skipped
 * here; every key present on both sides is compared.
 */
export function compareSets(
  kind: DivergenceKind,
  checkpoint: string,
  a: Map<string, TensorData>,
  b: Map<string, TensorData>,
  tol: Tolerance,
): Divergence[] {
  const out: Divergence[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const stats = compareValues(x, y, tol);
    if (!stats.equal) out.push({ kind, checkpoint, key, message: `${key}: ${describeStats(stats)}`, stats });
  }
  return out;
}

/**
 * Per-node activations: reports only the first divergent node in
 * topological order (later nodes inherit its difference), with a count.
 */
export function compareActivations(
  checkpoint: string,
  order: string[],
  a: Map<string, TensorData>,
  b: Map<string, TensorData>,
  tol: Tolerance,
): Divergence[] {
  const found = compareSets('activation', checkpoint, a, b, tol);
  if (found.length === 0) return [];
  const byKey = new Map(found.map((d) => [d.key, d]));
  const first = order.find((k) => byKey.has(k))!;
  const d = byKey.get(first)!;
  return [{ ...d, message: `first divergent node '${first}' (${found.length} of ${order.length} nodes differ): ${d.message.slice(first.length + 2)}` }];
}
