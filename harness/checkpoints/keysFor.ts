import { alignPair, type AlignLayer, type AlignSide } from '../compare/alignPair';
import { pairByRole, type PairingEntry, type RoleVar } from '../compare/pairByRole';
import { classNameOf, layersOf } from '../construct/layersOf';
import type { Side, Weight } from '../construct/Side';
import { paramPath } from '../construct/weightKeys';
import { tensorData } from '../runtime/tensorData';
import type { TfLayer } from '../architecture/catalogue';

/** Keys of both sides' variables, by tfjs variable name. */
export interface SideKeys {
  sub: Map<string, string>;
  fun: Map<string, string>;
  /** A pair module's pairing, with how each variable was paired (spec cases have structural keys instead). */
  pairing?: PairingEntry[];
}

/**
 * Keys for both sides, read now — after each side has its weights: the
 * builders' structural keys for spec cases (read lazily, so a side built
 * by its first call is keyed after that call), and for pair modules a
 * pairing by each variable's role in the computation (see
 * {@link pairByRole}): its initial value and its measured effect on the
 * outputs (`Side.effects`), with the layer-level graph traced from the
 * sides' first eager call ({@link alignPair}) as a hint only for variables
 * whose effect cannot be measured.
 */
export function keysFor(sub: Side, fun: Side): SideKeys {
  if (sub.keys && fun.keys) return { sub: sub.keys, fun: fun.keys };
  const [as, af] = [alignSide(sub), alignSide(fun)];
  const graph = alignPair(as, af);
  // The graph's pairing as a hint: subclass variable name → functional variable name.
  const funByKey = new Map([...graph.funKeys].map(([name, key]) => [key, name]));
  const hints = new Map<string, string>();
  for (const [name, key] of graph.subKeys) if (funByKey.has(key)) hints.set(name, funByKey.get(key)!);
  const { subKeys, funKeys, entries } = pairByRole(roleVars(sub, as), roleVars(fun, af), hints);
  return { sub: subKeys, fun: funKeys, pairing: entries };
}

/**
 * A side's variables as pairing reads them: each once (a custom layer's
 * getter may list a shared sublayer's weights twice), with its initial
 * value, its measured effect and a readable label.
 */
function roleVars(side: Side, aligned: AlignSide): RoleVar[] {
  const seen = new Set<string>();
  const out: RoleVar[] = [];
  aligned.vars.forEach((v, i) => {
    if (seen.has(v.name)) return;
    seen.add(v.name);
    const owner = v.owner >= 0 ? `${aligned.layers[v.owner].label}/` : '';
    out.push({ name: v.name, label: `${owner}${v.param}`, init: v.data, effect: side.effects?.[i] });
  });
  return out;
}

/** The key each of a side's weights has, in the order `net.weights` lists them, with its shape. */
export interface KeyOrder {
  entries: { key?: string; shape: number[]; dtype: string }[];
}

/** Records a side's keys by position, to key a fresh build of the same pair (`fit`, which must not be called eagerly first). */
export function keyOrder(side: Side, keys: Map<string, string>): KeyOrder {
  return {
    entries: side.net.weights.map((w) => ({ key: keys.get(w.name), shape: [...w.shape] as number[], dtype: w.dtype })),
  };
}

/**
 * Keys a fresh build of a pair by position in `net.weights`: the same
 * factory lists its weights in the same order every time (its getters, or
 * the model's layer order). A weight past the recorded list, or of another
 * shape, stays unkeyed, so the comparison names it instead of guessing.
 */
export function keysByPosition(side: Side, order: KeyOrder): Map<string, string> {
  const keys = new Map<string, string>();
  side.net.weights.forEach((w, i) => {
    const e = order.entries[i];
    if (e?.key && e.shape.join() === w.shape.join() && e.dtype === w.dtype) keys.set(w.name, e.key);
  });
  return keys;
}

/** A tfjs auto-generated name (`dense_Dense3`, `model2`): its counter differs between runs, so keys use the class instead. */
export function autoNamed(layer: TfLayer): boolean {
  const cls = classNameOf(layer);
  const snake = cls
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  return new RegExp(`^(${snake}_${cls}|${cls.toLowerCase()})\\d+$`).test(layer.name);
}

/** One side as {@link alignPair} reads it: its weights, the layers owning them, and the traced graph. */
function alignSide(side: Side): AlignSide {
  const net = side.net;
  const trace = side.trace;
  // Only calls on the data of the traced call count: a custom layer's build()
  // may run its sublayers once on zeros first, and that is not its graph.
  const reached = new Set(trace?.inputs ?? []);
  const calls = (trace?.calls ?? []).filter((c) => {
    if (c.layer === net || !c.inputs.some((id) => reached.has(id))) return false;
    c.outputs.forEach((id) => reached.add(id));
    return true;
  });
  const layers: TfLayer[] = [...layersOf(net)];
  for (const c of calls) if (!layers.includes(c.layer)) layers.push(c.layer);
  const label = (id: number): string => {
    const i = trace?.inputs.indexOf(id) ?? -1;
    if (i >= 0) return `in:${i}`;
    const o = trace?.outputs.indexOf(id) ?? -1;
    return o >= 0 ? `out:${o}` : `t${id}`;
  };
  const alignLayers: AlignLayer[] = layers.map((l) => ({
    className: classNameOf(l),
    label: autoNamed(l) ? classNameOf(l) : l.name,
    calls: calls
      .filter((c) => c.layer === l)
      .map((c) => ({ inputs: c.inputs.map(label), outputs: c.outputs.map(label) })),
  }));
  const weightsOf = layers.map((l) => l.weights.map((w) => w.name));
  const ownerOf = (w: Weight): number => {
    let best = -1;
    weightsOf.forEach((names, i) => {
      if (names.includes(w.name) && (best < 0 || names.length < weightsOf[best].length)) best = i;
    });
    return best;
  };
  return {
    layers: alignLayers,
    vars: net.weights.map((w) => {
      const owner = ownerOf(w);
      return {
        name: w.name,
        param: owner >= 0 ? paramPath(w.originalName, layers[owner].name) : w.originalName.replace(/_\d+$/, ''),
        data: tensorData(w.read()),
        owner,
        position: owner >= 0 ? weightsOf[owner].indexOf(w.name) : -1,
      };
    }),
  };
}
