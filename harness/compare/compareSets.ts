import type { Tolerance } from './Tolerance';
import { compareValues, describeStats, type TensorData } from './compareValues';
import type { Divergence, DivergenceKind } from './Divergence';

/** How a key present on one side only is reported. */
export interface OneSided {
  /** The divergence kind for it (`inventory` for variables, `forward` for outputs …). */
  kind: DivergenceKind;
  /** What the keys are, for the message: `variable`, `output`, `optimizer slot`. */
  what: string;
  /** Keys already reported as one-sided earlier in this build (by the inventory check): not reported again. */
  reported?: Set<string>;
}

/**
 * Compares two keyed sets of tensors (subclass, functional): every key
 * present on both sides by value, and every key present on one side only
 * as a divergence of its own — a comparison never skips what it cannot
 * pair. `oneSided.reported` holds keys an earlier checkpoint of the same
 * build already named, so one missing variable is one finding, not one
 * per step; new one-sided keys are added to it.
 */
export function compareSets(
  kind: DivergenceKind,
  checkpoint: string,
  a: Map<string, TensorData>,
  b: Map<string, TensorData>,
  tol: Tolerance,
  oneSided: OneSided = { kind, what: 'value' },
): Divergence[] {
  const out: Divergence[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const stats = compareValues(x, y, tol);
    if (!stats.equal) out.push({ kind, checkpoint, key, message: `${key}: ${describeStats(stats)}`, stats });
  }
  const only = (side: 'subclass' | 'functional', mine: Map<string, TensorData>, theirs: Map<string, TensorData>) => {
    for (const [key, x] of mine) {
      if (theirs.has(key) || oneSided.reported?.has(key)) continue;
      oneSided.reported?.add(key);
      out.push({ kind: oneSided.kind, checkpoint, key, message: `${key}: ${oneSided.what} on the ${side} side only ([${x.shape.join(', ')}] ${x.dtype}), nothing to compare it with` });
    }
  };
  only('subclass', a, b);
  only('functional', b, a);
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
  const found = compareSets('activation', checkpoint, a, b, tol, { kind: 'activation', what: 'node' });
  if (found.length === 0) return [];
  const byKey = new Map(found.map((d) => [d.key, d]));
  const first = order.find((k) => byKey.has(k)) ?? found[0].key;
  const d = byKey.get(first)!;
  return [{ ...d, message: `first divergent node '${first}' (${found.length} of ${order.length} nodes differ): ${d.message.slice(first.length + 2)}` }];
}
