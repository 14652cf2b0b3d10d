import type { Side } from '../build/Side';
import { alignByValue } from '../compare/alignByValue';
import { tensorData } from './tensorData';

/**
 * Structural keys for both sides: the builders' own keys for spec cases,
 * value-then-order alignment for pair modules (which have no layer ids).
 */
export function keysFor(sub: Side, fun: Side): { sub: Map<string, string>; fun: Map<string, string> } {
  if (sub.keys && fun.keys) return { sub: sub.keys, fun: fun.keys };
  const all = (s: Side) => s.net.weights.map((w) => ({ tfName: w.name, data: tensorData(w.read()) }));
  const { subKeys, funKeys } = alignByValue(all(sub), all(fun));
  return { sub: subKeys, fun: funKeys };
}
