import { catalogue, ShapeConflict, UnsupportedShape, type TypedShape } from './catalogue';
import type { ModelSpec } from './types';

/** Where shape inference says tfjs must reject the architecture. */
export interface ShapeConflictInfo {
  node: string;
  layer: string;
  reason: string;
}

/** Result of {@link inferShapes}: a shape per input and node up to the first conflict. */
export interface InferredShapes {
  shapes: Map<string, TypedShape>;
  conflict?: ShapeConflictInfo;
}

/**
 * Propagates shapes and dtypes through a validated spec (nodes in
 * topological order). A shared layer must see the same signature (e.g. the
 * same input width) at every application, as tfjs's input specs demand.
 */
export function inferShapes(spec: ModelSpec): InferredShapes {
  const shapes = new Map<string, TypedShape>();
  for (const i of spec.inputs) shapes.set(i.id, { shape: [...i.shape], dtype: i.dtype ?? 'float32' });
  const layers = new Map(spec.layers.map((l) => [l.id, l]));
  const signatures = new Map<string, { sig: string; node: string }>();
  for (const node of spec.nodes) {
    const layer = layers.get(node.layer)!;
    const kind = catalogue.get(layer.kind)!;
    const inputs = node.inputs.map((r) => shapes.get(r)!);
    const config = kind.config.parse(layer.config ?? {});
    try {
      if (kind.signature) {
        const sig = kind.signature(inputs, config);
        const first = signatures.get(layer.id);
        if (first && first.sig !== sig) throw new ShapeConflict(`layer '${layer.id}' was built at node '${first.node}' for ${first.sig}, but node '${node.id}' gives it ${sig}`);
        if (!first) signatures.set(layer.id, { sig, node: node.id });
      }
      shapes.set(node.id, kind.output(inputs, config));
    } catch (e) {
      if (e instanceof UnsupportedShape) Object.assign(e, { node: node.id });
      if (!(e instanceof ShapeConflict)) throw e;
      return { shapes, conflict: { node: node.id, layer: layer.id, reason: e.message } };
    }
  }
  return { shapes };
}
