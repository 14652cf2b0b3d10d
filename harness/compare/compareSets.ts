import { recordCompared } from './capturedSets';
import type { Tolerance } from './Tolerance';
import { compareValues, describeStats, type TensorData } from './compareValues';
import type { Divergence, DivergenceKind } from './Divergence';

/**
 * The two tensors behind each value divergence `compareSets` returns, until
 * the recorder takes them ({@link takeValues}): the report's heatmap needs the
 * first mismatching tensor's values, and a divergence itself stays small
 * data (it is streamed, merged and judged) — so they travel beside it, not in it.
 */
const behind = new WeakMap<Divergence, [TensorData, TensorData]>();

/**
 * The subclass and functional values a divergence was found in, once:
 * the entry is removed, so a kept result never holds a tensor's values.
 */
export function takeValues(d: Divergence): [TensorData, TensorData] | undefined {
  const v = behind.get(d);
  behind.delete(d);
  return v;
}

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
  recordCompared(kind, checkpoint, a, b);
  const out: Divergence[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const stats = compareValues(x, y, tol);
    if (stats.equal) continue;
    const d: Divergence = { kind, checkpoint, key, message: `${key}: ${describeStats(stats)}`, stats };
    behind.set(d, [x, y]);
    out.push(d);
  }
  const only = (side: 'subclass' | 'functional', mine: Map<string, TensorData>, theirs: Map<string, TensorData>) => {
    for (const [key, x] of mine) {
      if (theirs.has(key) || oneSided.reported?.has(key)) continue;
      oneSided.reported?.add(key);
      out.push({
        kind: oneSided.kind,
        checkpoint,
        key,
        message: `${key}: ${oneSided.what} on the ${side} side only ([${x.shape.join(', ')}] ${x.dtype}), nothing to compare it with`,
      });
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
  const named: Divergence = {
    ...d,
    message: `first divergent node '${first}' (${found.length} of ${order.length} nodes differ): ${d.message.slice(first.length + 2)}`,
  };
  const values = takeValues(d);
  if (values) behind.set(named, values);
  return [named];
}
