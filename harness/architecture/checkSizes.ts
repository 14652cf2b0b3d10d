import type { TypedShape } from './catalogue';
import { inferShapes } from './inferShapes';
import type { LayerSpec, ModelSpec } from './types';

/**
 * Largest activation one example may have, in elements (64 MiB as float32).
 * A case holds every activation of both sides for a whole batch, and tfjs
 * allocates before it can fail: a spec past this is refused at validation,
 * before any tensor exists.
 */
export const MAX_ACTIVATION_ELEMENTS = 2 ** 24;
/** Largest estimated weight count of one layer (256 MiB as float32): an embedding of 50,000 × 1,024 fits. */
export const MAX_LAYER_WEIGHTS = 2 ** 26;
/** Largest estimated weight count of a whole spec (512 MiB as float32; both sides and the optimizer's slots hold several copies). */
export const MAX_SPEC_WEIGHTS = 2 ** 27;

/** Why a spec is too large to run, naming the node or layer and the size. */
export interface SizeProblem {
  node: string;
  message: string;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const mib = (elements: number): string => `${Math.round((elements * 4) / 2 ** 20).toLocaleString('en-US')} MiB`;
const count = (n: number): string => (n > 1e15 ? n.toExponential(2) : Math.round(n).toLocaleString('en-US'));

/** Recurrent weight matrices per unit: one per gate. */
const GATES: Record<string, number> = {
  simpleRNN: 1,
  simpleRNNCell: 1,
  gru: 3,
  gruCell: 3,
  lstm: 4,
  lstmCell: 4,
  convLstm2d: 4,
};

/**
 * An upper estimate of a layer's weight count from its config and input
 * shape. It need not be exact: it only has to be no smaller than what
 * tfjs allocates for the kinds that allocate much (dense, convolutions,
 * recurrent layers, embeddings, encodings), so that a refused spec really
 * is too large and an accepted one cannot allocate without bound.
 */
export function estimateWeights(layer: LayerSpec, input: TypedShape | undefined): number {
  const c = layer.config ?? {};
  const shape = input?.shape ?? [];
  const features = shape.length > 0 ? shape[shape.length - 1] : 1;
  const spatial = Math.max(shape.length - 1, 1);
  const kernel = Array.isArray(c.kernelSize)
    ? product(c.kernelSize as number[])
    : typeof c.kernelSize === 'number'
      ? c.kernelSize ** spatial
      : 1;
  const num = (k: string): number => (typeof c[k] === 'number' ? c[k] : 0);
  let total = 0;
  if (layer.kind === 'embedding') total += num('inputDim') * num('outputDim');
  if (layer.kind === 'rnn') {
    const cells = (c.cells as { cell: string; units: number }[] | undefined) ?? [
      { cell: String(c.cell), units: num('units') },
    ];
    let width = features;
    for (const cell of cells) {
      total += (GATES[cell.cell] ?? 4) * (width + cell.units + 1) * cell.units;
      width = cell.units;
    }
    return total;
  }
  const gates = layer.kind === 'bidirectional' ? 2 * (GATES[String(c.layer)] ?? 4) : GATES[layer.kind];
  const units = num('units') || num('filters');
  if (gates !== undefined) return total + gates * (kernel * features + kernel * units + 1) * units;
  if (units > 0) total += (kernel * features + 1) * units;
  if (num('depthMultiplier') > 0 || layer.kind === 'depthwiseConv2d' || layer.kind === 'separableConv2d')
    total += kernel * features * Math.max(num('depthMultiplier'), 1) * (units > 0 ? 2 : 1);
  if (num('numTokens') > 0) total += num('numTokens');
  // Normalization, PReLU and the like hold a few vectors the size of the input.
  return total + 4 * product(shape);
}

/**
 * The first size problem of a spec whose shapes are inferred: an input or
 * node whose activation per example, a layer whose estimated weights, or a
 * spec whose total estimated weights pass the limits above.
 */
export function sizeProblem(spec: ModelSpec, shapes: ReadonlyMap<string, TypedShape>): SizeProblem | undefined {
  for (const [id, s] of shapes) {
    const n = product(s.shape);
    if (n > MAX_ACTIVATION_ELEMENTS) {
      const what = spec.inputs.some((i) => i.id === id) ? 'input' : 'node';
      return {
        node: id,
        message: `${what} '${id}': shape [${s.shape.join(', ')}] is ${count(n)} elements an example (${mib(n)} as float32), over the limit of ${count(MAX_ACTIVATION_ELEMENTS)} (${mib(MAX_ACTIVATION_ELEMENTS)}); refused before anything is allocated`,
      };
    }
  }
  const layers = new Map(spec.layers.map((l) => [l.id, l]));
  const counted = new Set<string>();
  let total = 0;
  for (const node of spec.nodes) {
    if (counted.has(node.layer)) continue; // a shared layer holds one set of weights
    counted.add(node.layer);
    const layer = layers.get(node.layer)!;
    const w =
      layer.kind === 'block'
        ? specWeights((layer.config as { spec: ModelSpec }).spec)
        : estimateWeights(layer, shapes.get(node.inputs[0]));
    if (w > MAX_LAYER_WEIGHTS)
      return {
        node: node.id,
        message: `layer '${layer.id}' (${layer.kind}) at node '${node.id}': about ${count(w)} weights (${mib(w)} as float32), over the limit of ${count(MAX_LAYER_WEIGHTS)} (${mib(MAX_LAYER_WEIGHTS)}); refused before anything is allocated`,
      };
    total += w;
  }
  if (total > MAX_SPEC_WEIGHTS)
    return {
      node: spec.nodes[0]?.id ?? '',
      message: `the spec's layers hold about ${count(total)} weights together (${mib(total)} as float32), over the limit of ${count(MAX_SPEC_WEIGHTS)} (${mib(MAX_SPEC_WEIGHTS)}); refused before anything is allocated`,
    };
  return undefined;
}

/** Estimated weights of a whole (validated) spec, blocks included. */
function specWeights(spec: ModelSpec): number {
  const { shapes } = inferShapes(spec);
  const layers = new Map(spec.layers.map((l) => [l.id, l]));
  const counted = new Set<string>();
  let total = 0;
  for (const node of spec.nodes) {
    if (counted.has(node.layer)) continue;
    counted.add(node.layer);
    const layer = layers.get(node.layer)!;
    total +=
      layer.kind === 'block'
        ? specWeights((layer.config as { spec: ModelSpec }).spec)
        : estimateWeights(layer, shapes.get(node.inputs[0]));
  }
  return total;
}
