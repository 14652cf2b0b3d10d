import type { GraphNode, ModelGraph } from '../../checkpoints/ModelGraph';
import type { Divergence } from '../../compare/Divergence';
import type { ModelSpec } from '../../architecture/types';
import { nodeOf } from '../../architecture/valueRef';

export type { GraphNode, ModelGraph };

/** A spec's graph in the shape pair cases record: inputs, one node per application, edges from inputs to nodes. */
export function specGraph(spec: ModelSpec): ModelGraph {
  const kind = new Map(spec.layers.map((l) => [l.id, l.kind]));
  const outputsOf = (id: string) => {
    const o = spec.outputs.flatMap((x, i) => (nodeOf(x) === id ? [i] : []));
    return o.length > 0 ? { outputs: o } : {};
  };
  const nodes: GraphNode[] = [
    ...spec.inputs.map((i) => ({ id: i.id, kind: 'input', ...outputsOf(i.id) })),
    ...spec.nodes.map((n) => ({
      id: n.id,
      layer: n.layer,
      kind: kind.get(n.layer) ?? '?',
      keys: [n.layer],
      ...outputsOf(n.id),
    })),
  ];
  // A node's second output is drawn as an edge from the node itself.
  return { nodes, edges: spec.nodes.flatMap((n) => n.inputs.map((from) => ({ from: nodeOf(from), to: n.id }))) };
}

/** Where the graph marks the first divergence, and why there. */
export interface DivergentMark {
  node: string;
  /** What the mark stands for, for its tooltip. */
  reason: string;
}

/**
 * The node a divergence names, if any. Keys are structural: a node id
 * (activations, and outputs of specs), `output[i]` (outputs of pairs), or
 * a weight key naming its layer (`layerId/param…` for specs, `3:Dense/param`
 * for pairs) — a weight marks its layer's first application. A key that
 * names no node (`''`, a loss, a count, a pair's subclass-only variable)
 * gives nothing: no mark is better than a wrong one.
 */
export function nodeOfKey(
  d: Pick<Divergence, 'kind' | 'key'>,
  g: ModelGraph,
  pair: boolean,
): { node: GraphNode; viaLayer: boolean } | undefined {
  if (d.kind === 'activation' || d.kind === 'forward') {
    // A reload divergence of one side against itself is prefixed with the side.
    const id = d.key.replace(/^(subclass|functional):/, '');
    const out = /^output\[(\d+)\]$/.exec(id);
    const node = out
      ? g.nodes.find((n) => n.outputs?.includes(Number(out[1])))
      : pair
        ? undefined
        : g.nodes.find((n) => n.id === id);
    return node && { node, viaLayer: false };
  }
  if (!d.key.includes('/')) return undefined;
  if (pair) {
    // A pair's subclass-only key is numbered by the subclass's own layers: it names nothing in the functional graph.
    // A layer name may itself hold '/': the longest prefix that names a layer wins.
    let best: { node: GraphNode; length: number } | undefined;
    for (const n of g.nodes)
      for (const k of n.keys ?? [])
        if (d.key.startsWith(`${k}/`) && k.length > (best?.length ?? -1)) best = { node: n, length: k.length };
    return best && { node: best.node, viaLayer: true };
  }
  // Spec keys are structural on both sides, whichever side holds the variable.
  const layer = d.key.replace(/^(subclass|functional):/, '').split(/[/#@]/)[0];
  const node = g.nodes.find((n) => n.layer === layer);
  return node && { node, viaLayer: true };
}

const where = (d: Divergence) => `${d.kind} at ${d.checkpoint}${d.key ? ` (${d.key})` : ''}`;

/**
 * The node to mark as the first divergence, chosen as the signature is:
 * among the divergences no known cause explains (all of them, when every
 * one is explained), the first — preferring an activation divergence at
 * the same checkpoint, which names the first node in topological order
 * whose output differs (an output only shows where the difference ends
 * up) — and, when its key names no node, the first divergence that names
 * one (of the same kind first), as the signature names its layer.
 */
export function firstDivergentNode(divergences: Divergence[], g: ModelGraph, pair: boolean): DivergentMark | undefined {
  if (divergences.length === 0) return undefined;
  const open = divergences.filter((d) => d.cause === undefined);
  const pool = open.length > 0 ? open : divergences;
  const first = pool[0];
  const resolve = (d: Divergence) => nodeOfKey(d, g, pair);
  const act = pool.find((d) => d.kind === 'activation' && d.checkpoint === first.checkpoint && resolve(d));
  const pick =
    act ??
    (resolve(first) ? first : (pool.find((d) => d.kind === first.kind && resolve(d)) ?? pool.find((d) => resolve(d))));
  if (!pick) return undefined;
  const hit = resolve(pick)!;
  const what =
    pick === first
      ? `first divergence: ${where(first)}`
      : act
        ? `first divergent node at ${first.checkpoint}: ${where(act)}`
        : `first divergence ${where(first)} names no node; first one that does: ${where(pick)}`;
  const via = hit.viaLayer ? ` — a weight of layer ${hit.node.layer}: marked at its first application` : '';
  return { node: hit.node.id, reason: `${what}${via}` };
}
