import type { TensorData } from './compareValues';

/** A variable to align: its tfjs name and initial value. */
export interface Alignable {
  tfName: string;
  data: TensorData;
}

function sameData(a: TensorData, b: TensorData): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  return true;
}

/**
 * Aligns a pair module's variables, which have no structural keys: first
 * by identical initial values where the match is unique (seeded weights),
 * then the rest by creation order among variables of the same shape
 * (zero biases, unseeded weights). Keys come from the functional side's
 * creation index and tfjs name; unmatched subclass variables get
 * `subclass:` keys, so the inventory check names them.
 */
export function alignByValue(sub: Alignable[], fun: Alignable[]): { subKeys: Map<string, string>; funKeys: Map<string, string> } {
  const funKeys = new Map<string, string>();
  fun.forEach((f, i) => funKeys.set(f.tfName, `${i}:${f.tfName.replace(/_\d+$/, '')}`));
  const subKeys = new Map<string, string>();
  const taken = new Set<number>();
  sub.forEach((s) => {
    const hits = fun.map((f, j) => (!taken.has(j) && sameData(s.data, f.data) ? j : -1)).filter((j) => j >= 0);
    if (hits.length === 1 && sub.filter((o) => sameData(o.data, fun[hits[0]].data)).length === 1) {
      taken.add(hits[0]);
      subKeys.set(s.tfName, funKeys.get(fun[hits[0]].tfName)!);
    }
  });
  for (const s of sub) {
    if (subKeys.has(s.tfName)) continue;
    const j = fun.findIndex((f, k) => !taken.has(k) && f.data.shape.join() === s.data.shape.join() && f.data.dtype === s.data.dtype);
    if (j >= 0) {
      taken.add(j);
      subKeys.set(s.tfName, funKeys.get(fun[j].tfName)!);
    } else subKeys.set(s.tfName, `subclass:${s.tfName}`);
  }
  return { subKeys, funKeys };
}
