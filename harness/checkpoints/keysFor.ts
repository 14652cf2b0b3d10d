import { alignPair, type AlignLayer, type AlignSide } from '../compare/alignPair';
import { classNameOf, layersOf } from '../construct/layersOf';
import type { Side, Weight } from '../construct/Side';
import { paramPath } from '../construct/weightKeys';
import { tensorData } from '../runtime/tensorData';
import type { TfLayer } from '../spec/catalogue';

/** Keys of both sides' variables, by tfjs variable name. */
export interface SideKeys {
  sub: Map<string, string>;
  fun: Map<string, string>;
}

/**
 * Keys for both sides, read now — after each side has its weights: the
 * builders' structural keys for spec cases (read lazily, so a side built
 * by its first call is keyed after that call), and for pair modules an
 * alignment by value and by each variable's place in the graph, traced
 * from the sides' first eager call (see {@link alignPair}).
 */
export function keysFor(sub: Side, fun: Side): SideKeys {
  if (sub.keys && fun.keys) return { sub: sub.keys, fun: fun.keys };
  const { subKeys, funKeys } = alignPair(alignSide(sub), alignSide(fun));
  return { sub: subKeys, fun: funKeys };
}

/** The key each of a side's weights has, in the order `net.weights` lists them, with its shape. */
export interface KeyOrder {
  entries: { key?: string; shape: number[]; dtype: string }[];
}

/** Records a side's keys by position, to key a fresh build of the same pair (`fit`, which must not be called eagerly first). */
export function keyOrder(side: Side, keys: Map<string, string>): KeyOrder {
  return { entries: side.net.weights.map((w) => ({ key: keys.get(w.name), shape: [...w.shape] as number[], dtype: w.dtype })) };
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
  const snake = cls.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
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
    calls: calls.filter((c) => c.layer === l).map((c) => ({ inputs: c.inputs.map(label), outputs: c.outputs.map(label) })),
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
