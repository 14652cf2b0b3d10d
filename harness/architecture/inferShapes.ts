import { VARIABLE_LENGTH } from '../runtime/makeInputs';
import { catalogue, outputsOf, ShapeConflict, UnsupportedShape, type TypedShape } from './catalogue';
import { outputRef } from './valueRef';
import type { LayerSpec, ModelSpec } from './types';

/** Where shape inference says tfjs must reject the architecture. */
export interface ShapeConflictInfo {
  node: string;
  layer: string;
  reason: string;
}

/** Result of {@link inferShapes}: a shape per input and node output (by value reference, `n3`, `n3:1`) up to the first conflict. */
export interface InferredShapes {
  /** Concrete shapes, with every variable-length input axis at {@link VARIABLE_LENGTH} (the size a case's data has). */
  shapes: Map<string, TypedShape>;
  /** Shapes as the functional model has them symbolically: `null` where a size follows a variable-length input axis. */
  symbolic: Map<string, (number | null)[]>;
  conflict?: ShapeConflictInfo;
}

/**
 * Propagates shapes and dtypes through a validated spec (nodes in
 * topological order). A shared layer must see the same signature (e.g. the
 * same input width) at every application, as tfjs's input specs demand.
 *
 * A spec with variable-length input axes (`null`) is inferred twice, at two
 * lengths: a size that differs between the two follows the variable axis
 * (`null` in `symbolic`), and a layer whose build-time signature differs
 * (a Dense whose input width would vary) is a rejection tfjs makes too.
 */
export function inferShapes(spec: ModelSpec): InferredShapes {
  if (!hasVariableAxis(spec)) {
    const r = inferAt(spec);
    return {
      shapes: r.shapes,
      symbolic: new Map([...r.shapes].map(([k, v]) => [k, [...v.shape]])),
      conflict: r.conflict,
    };
  }
  const a = inferAt(withLength(spec, VARIABLE_LENGTH));
  const b = inferAt(withLength(spec, VARIABLE_LENGTH + 1));
  const symbolic = new Map<string, (number | null)[]>();
  for (const [id, s] of a.shapes) {
    const t = b.shapes.get(id);
    symbolic.set(
      id,
      s.shape.map((d, i) => (t && t.shape.length === s.shape.length && t.shape[i] === d ? d : null)),
    );
  }
  let conflict = a.conflict ?? b.conflict;
  if (!conflict) {
    for (const [layer, { sig, node }] of a.signatures) {
      const other = b.signatures.get(layer);
      if (other && other.sig !== sig) {
        conflict = {
          node,
          layer,
          reason: `layer '${layer}' fixes its input at build (${sig} with a variable length of ${VARIABLE_LENGTH}, ${other.sig} with ${VARIABLE_LENGTH + 1}): at node '${node}' it follows a variable-length input axis, which tfjs cannot build`,
        };
        break;
      }
    }
  }
  return { shapes: a.shapes, symbolic, conflict };
}

/** Whether any input of the spec or of its blocks has a variable-length axis. */
function hasVariableAxis(spec: ModelSpec): boolean {
  return (
    spec.inputs.some((i) => i.shape.some((d) => d === null)) ||
    spec.layers.some((l) => l.kind === 'block' && hasVariableAxis((l.config as { spec: ModelSpec }).spec))
  );
}

/** The spec with every variable-length axis (blocks included) at `length`. */
function withLength(spec: ModelSpec, length: number): ModelSpec {
  const layer = (l: LayerSpec): LayerSpec =>
    l.kind === 'block'
      ? { ...l, config: { ...l.config, spec: withLength((l.config as { spec: ModelSpec }).spec, length) } }
      : l;
  return {
    ...spec,
    inputs: spec.inputs.map((i) => ({ ...i, shape: i.shape.map((d) => d ?? length) })),
    layers: spec.layers.map(layer),
  };
}

function inferAt(spec: ModelSpec): {
  shapes: Map<string, TypedShape>;
  signatures: Map<string, { sig: string; node: string }>;
  conflict?: ShapeConflictInfo;
} {
  const shapes = new Map<string, TypedShape>();
  for (const i of spec.inputs)
    shapes.set(i.id, { shape: i.shape.map((d) => d ?? VARIABLE_LENGTH), dtype: i.dtype ?? 'float32' });
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
        if (first && first.sig !== sig)
          throw new ShapeConflict(
            `layer '${layer.id}' was built at node '${first.node}' for ${first.sig}, but node '${node.id}' gives it ${sig}`,
          );
        if (!first) signatures.set(layer.id, { sig, node: node.id });
      }
      outputsOf(kind, inputs, config).forEach((out, k) => shapes.set(outputRef(node.id, k), out));
    } catch (e) {
      if (e instanceof UnsupportedShape) Object.assign(e, { node: node.id });
      if (!(e instanceof ShapeConflict)) throw e;
      return { shapes, signatures, conflict: { node: node.id, layer: layer.id, reason: e.message } };
    }
  }
  return { shapes, signatures };
}
