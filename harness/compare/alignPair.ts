import type { TensorData } from '../runtime/tensorData';

/** A variable to align: its tfjs name, initial value, and where it sits. */
export interface AlignVar {
  /** The tfjs variable name (unique in the process). */
  name: string;
  /** Its name below its owning layer's scope (`kernel`, `moving_mean`). */
  param: string;
  data: TensorData;
  /** Index of its owning layer in {@link AlignSide.layers}, or -1 when no layer of the side owns it. */
  owner: number;
  /** Its index in the owning layer's weights. */
  position: number;
}

/** A layer of one side and the tensors it took and returned, by label. */
export interface AlignLayer {
  className: string;
  /** How keys name it: a name the user gave, else its class. */
  label: string;
  /**
   * One entry per eager application: the labels of its inputs and outputs.
   * Labels are `in:k` (the model's k-th input), `out:k` (its k-th output),
   * or an opaque id of an intermediate tensor of this side.
   */
  calls: { inputs: string[]; outputs: string[] }[];
}

/** Everything one side exposes for alignment. */
export interface AlignSide {
  vars: AlignVar[];
  layers: AlignLayer[];
}

/** Keys for both sides' variables (by tfjs name); unmatched subclass variables get `subclass:` keys. */
export interface Alignment {
  subKeys: Map<string, string>;
  funKeys: Map<string, string>;
}

function sameData(a: TensorData, b: TensorData): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  return true;
}

/** Values that say something: not all elements equal (zeros, ones and scalars are shared by many variables). */
const informative = (d: TensorData) => d.values.length > 1 && d.values.some((v) => !Object.is(v, d.values[0]));
const sameKind = (a: AlignVar, b: AlignVar) =>
  a.data.dtype === b.data.dtype && a.data.shape.join() === b.data.shape.join();

/**
 * Aligns a pair module's variables, which have no structural keys, without
 * ever using the order in which they were created or the sides ran:
 *
 * 1. identical informative initial values, where the match is unique both
 *    ways (seeded weights) — and the layers owning a matched pair are the
 *    same layer;
 * 2. layers not matched by a value are matched by their place in the
 *    graph: the same class, taking tensors from the same matched layers (or
 *    model inputs), or feeding the same ones (or model outputs);
 * 3. within matched layers, the remaining variables by their position in
 *    the layer (a Dense's bias beside its kernel);
 * 4. what is left, by a unique identical value (a zero bias with no twin).
 *
 * Anything still unmatched keeps a key of its own, so the inventory check
 * names it; a mis-pairing is never guessed.
 */
export function alignPair(sub: AlignSide, fun: AlignSide): Alignment {
  const varPair = new Map<AlignVar, AlignVar>();
  const paired = new Set<AlignVar>();
  const layerPair = new Map<number, number>();
  const layerTaken = new Set<number>();

  const pairVars = (s: AlignVar, f: AlignVar) => {
    varPair.set(s, f);
    paired.add(f);
  };
  const pairLayers = (i: number, j: number) => {
    layerPair.set(i, j);
    layerTaken.add(j);
  };

  // 1. Informative values, unique both ways.
  for (const s of sub.vars) {
    if (!informative(s.data)) continue;
    const hits = fun.vars.filter((f) => sameData(s.data, f.data));
    if (hits.length !== 1 || sub.vars.filter((o) => sameData(o.data, hits[0].data)).length !== 1) continue;
    pairVars(s, hits[0]);
  }
  // Their owners are one layer, unless a layer's values point at two layers (then it is left to the graph).
  const votes = new Map<number, Set<number>>();
  for (const [s, f] of varPair)
    if (s.owner >= 0 && f.owner >= 0) votes.set(s.owner, (votes.get(s.owner) ?? new Set()).add(f.owner));
  const claimed = new Map<number, number>();
  for (const [, fs] of votes) for (const j of fs) claimed.set(j, (claimed.get(j) ?? 0) + 1);
  for (const [i, fs] of votes) {
    const [j] = [...fs];
    if (fs.size === 1 && claimed.get(j) === 1) pairLayers(i, j);
    // Otherwise one layer's values point at two layers (or two at one): left to the graph.
  }

  // 2. The graph: labels of tensors produced by matched layers are shared by both sides.
  const produced = (side: AlignSide) => {
    const by = new Map<string, { layer: number; index: number }>();
    side.layers.forEach((l, li) =>
      l.calls.forEach((c) => c.outputs.forEach((t, k) => by.set(t, { layer: li, index: k }))),
    );
    return by;
  };
  // Who takes a tensor, and as which input (a concatenation's order tells two branches apart).
  const consumers = (side: AlignSide) => {
    const by = new Map<string, { layer: number; pos: number }[]>();
    side.layers.forEach((l, li) =>
      l.calls.forEach((c) => c.inputs.forEach((t, pos) => by.set(t, [...(by.get(t) ?? []), { layer: li, pos }]))),
    );
    return by;
  };
  const [subMade, funMade, subUse, funUse] = [produced(sub), produced(fun), consumers(sub), consumers(fun)];
  const funToSub = () => new Map([...layerPair].map(([i, j]) => [j, i]));
  // A tensor's label as both sides can read it: a model input or output, or "output k of matched layer i".
  const label = (
    t: string,
    made: Map<string, { layer: number; index: number }>,
    asSub: boolean,
    back: Map<number, number>,
  ): string => {
    if (t.startsWith('in:') || t.startsWith('out:')) return t;
    const m = made.get(t);
    if (!m) return '?';
    const i = asSub ? m.layer : back.get(m.layer);
    return i === undefined || !(asSub ? layerPair.has(i) : true) ? '?' : `L${i}.${m.index}`;
  };
  const describe = (side: AlignSide, li: number, asSub: boolean, back: Map<number, number>) => {
    const made = asSub ? subMade : funMade;
    const use = asSub ? subUse : funUse;
    const l = side.layers[li];
    const ins = l.calls.map((c) => c.inputs.map((t) => label(t, made, asSub, back)).join(',')).sort();
    // What an application feeds: model outputs and matched consumers.
    const outs = l.calls
      .map((c) =>
        c.outputs
          .map((t) => {
            const users = (use.get(t) ?? [])
              .map(({ layer: u, pos }) =>
                asSub ? (layerPair.has(u) ? `L${u}@${pos}` : '?') : back.has(u) ? `L${back.get(u)}@${pos}` : '?',
              )
              .sort();
            return [t.startsWith('out:') ? t : '', ...users].filter(Boolean).join('+');
          })
          .join(','),
      )
      .sort();
    return { ins: `${l.className}<${ins.join(';')}`, outs: `${l.className}>${outs.join(';')}` };
  };
  const known = (d: string) => /in:|out:|L\d/.test(d);
  for (let changed = true; changed;) {
    changed = false;
    const back = funToSub();
    const subFree = sub.layers.map((_, i) => i).filter((i) => !layerPair.has(i));
    const funFree = fun.layers.map((_, j) => j).filter((j) => !layerTaken.has(j));
    const subD = new Map(subFree.map((i) => [i, describe(sub, i, true, back)]));
    const funD = new Map(funFree.map((j) => [j, describe(fun, j, false, back)]));
    for (const which of ['ins', 'outs'] as const) {
      for (const i of subFree) {
        if (layerPair.has(i)) continue;
        const d = subD.get(i)![which];
        if (!known(d)) continue;
        const mine = subFree.filter((o) => !layerPair.has(o) && subD.get(o)![which] === d);
        const theirs = funFree.filter((j) => !layerTaken.has(j) && funD.get(j)![which] === d);
        if (mine.length === 1 && theirs.length === 1) {
          pairLayers(i, theirs[0]);
          changed = true;
        }
      }
      if (changed) break;
    }
  }

  // 3. Within matched layers, by position (a layer's weights have a fixed order: kernel, bias, …).
  for (const s of sub.vars) {
    if (varPair.has(s) || s.owner < 0 || !layerPair.has(s.owner)) continue;
    const j = layerPair.get(s.owner)!;
    const f = fun.vars.find((v) => v.owner === j && v.position === s.position && !paired.has(v) && sameKind(s, v));
    if (f) pairVars(s, f);
  }

  // 4. A unique identical value among what is left, where the owners do not contradict it.
  const agrees = (s: AlignVar, f: AlignVar) => {
    const j = s.owner >= 0 ? layerPair.get(s.owner) : undefined;
    return j === undefined ? !(f.owner >= 0 && layerTaken.has(f.owner)) : j === f.owner;
  };
  const restSub = sub.vars.filter((s) => !varPair.has(s));
  const restFun = fun.vars.filter((f) => !paired.has(f));
  for (const s of restSub) {
    const hits = restFun.filter((f) => !paired.has(f) && sameData(s.data, f.data));
    if (hits.length !== 1 || restSub.filter((o) => !varPair.has(o) && sameData(o.data, hits[0].data)).length !== 1)
      continue;
    if (agrees(s, hits[0])) pairVars(s, hits[0]);
  }

  const funKeys = new Map<string, string>();
  fun.vars.forEach((f, i) => funKeys.set(f.name, keyOf(fun, f, i)));
  const subKeys = new Map<string, string>();
  sub.vars.forEach((s, i) => {
    const f = varPair.get(s);
    subKeys.set(s.name, f ? funKeys.get(f.name)! : `subclass:${keyOf(sub, s, i)}`);
  });
  return { subKeys, funKeys };
}

/**
 * A key from a variable's place, never from tfjs's counters (which differ
 * between the sides, between runs and between reruns of one case): its
 * owning layer's index and label, and its param; `w<i>` for a variable
 * no layer owns.
 */
function keyOf(side: AlignSide, v: AlignVar, index: number): string {
  if (v.owner < 0) return `w${index}:${v.param}`;
  return `${v.owner}:${side.layers[v.owner].label}/${v.param}`;
}
