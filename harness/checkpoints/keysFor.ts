import type { Side } from '../construct/Side';
import { alignByValue } from '../compare/alignByValue';
import { tensorData } from '../runtime/tensorData';

/**
 * Structural keys for both sides: the builders' own keys for spec cases,
 * value-then-creation-order alignment for pair modules (which have no layer ids).
 */
export function keysFor(sub: Side, fun: Side): { sub: Map<string, string>; fun: Map<string, string> } {
  if (sub.keys && fun.keys) return { sub: sub.keys, fun: fun.keys };
  // In creation order (tfjs tensor ids only grow), not the order a
  // subclass's weight getters happen to list them: ties between equal
  // initial values (zero biases) are broken the same way on both sides.
  const all = (s: Side) =>
    s.net.weights
      .map((w) => ({ id: w.read().id, tfName: w.name, data: tensorData(w.read()) }))
      .sort((a, b) => a.id - b.id);
  const { subKeys, funKeys } = alignByValue(all(sub), all(fun));
  return { sub: subKeys, fun: funKeys };
}
