import { classNameOf, layersOf } from '../construct/layersOf';
import { tf } from '../runtime/tf';
import type { TfLayer } from '../architecture/catalogue';
import { autoNamed } from './keysFor';

/** One application of a layer (or a model input) in a model's graph. */
export interface GraphNode {
  /** Unique in the graph: the layer's name, with `#k` for its k-th application when it has several. */
  id: string;
  /** The layer applied; two applications of one layer share it. Absent for a model input. */
  layer?: string;
  /** The layer's class (`Dense`) or kind (`dense`); `input` for a model input. */
  kind: string;
  /** The model outputs this node gives, by position. */
  outputs?: number[];
  /**
   * The key prefixes (`3:Dense`) of the weights the layer owns as
   * divergence keys spell them (pair alignment keys a weight by its
   * owning layer's place and label), nested layers' included.
   */
  keys?: string[];
}

/** A model's graph as plain data: layer applications and the edges between them. */
export interface ModelGraph {
  nodes: GraphNode[];
  edges: { from: string; to: string }[];
}

type LayersModel = InstanceType<typeof tf.LayersModel>;
type TfNode = TfLayer['inboundNodes'][number];

/**
 * Reads a functional model's graph from tfjs's own bookkeeping — its
 * layers, their inbound nodes (one per application inside this model) and
 * each node's inbound layers — for pair cases, which have no spec to draw.
 * Reads no tensor.
 */
export function modelGraph(model: LayersModel): ModelGraph {
  // A layer's inbound nodes can belong to other models too (a nested model's own graph): only this model's count.
  const own = (model as unknown as { containerNodes?: Set<string> }).containerNodes;
  const mine = (layer: TfLayer, i: number, n: TfNode) =>
    own instanceof Set
      ? own.has(`${layer.name}_ib-${i}`)
      : n.inboundLayers.length > 0 || classNameOf(layer) === 'InputLayer';
  const all = layersOf(model);
  const prefix = (l: TfLayer) => `${all.indexOf(l)}:${autoNamed(l) ? classNameOf(l) : l.name}`;
  // tfjs's generated names carry global counters: such layers are named as their keys name them (`1:Dense`, `input[0]`).
  const nameOf = (l: TfLayer) =>
    classNameOf(l) === 'InputLayer'
      ? /^input\d+$/.test(l.name)
        ? `input[${model.inputLayers.indexOf(l)}]`
        : l.name
      : autoNamed(l)
        ? prefix(l)
        : l.name;
  const ids = new Map<TfLayer, Map<number, string>>();
  for (const layer of model.layers) {
    const apps = layer.inboundNodes.map((n, i) => ({ n, i })).filter(({ n, i }) => mine(layer, i, n));
    const m = new Map<number, string>();
    apps.forEach(({ i }, k) => m.set(i, apps.length > 1 ? `${nameOf(layer)}#${k + 1}` : nameOf(layer)));
    ids.set(layer, m);
  }
  const nodes: GraphNode[] = [];
  const edges: ModelGraph['edges'] = [];
  for (const layer of model.layers) {
    const isInput = classNameOf(layer) === 'InputLayer';
    const inner = [layer, ...layersOf(layer)].filter((l) => all.includes(l));
    for (const [i, id] of ids.get(layer)!) {
      const n = layer.inboundNodes[i];
      nodes.push(
        isInput
          ? { id, kind: 'input' }
          : { id, layer: nameOf(layer), kind: classNameOf(layer), keys: inner.map(prefix) },
      );
      n.inboundLayers.forEach((from, k) => {
        const src = ids.get(from)?.get(n.nodeIndices[k]);
        if (src !== undefined) edges.push({ from: src, to: id });
      });
    }
  }
  model.outputLayers.forEach((layer, o) => {
    const node = nodes.find((x) => x.id === ids.get(layer)?.get(model.outputLayersNodeIndices[o]));
    if (node) node.outputs = [...(node.outputs ?? []), o];
  });
  return { nodes, edges };
}
