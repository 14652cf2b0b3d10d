import {
  catalogue,
  outputsOf,
  ShapeConflict,
  UnsupportedShape,
  type InputNeed,
  type TypedShape,
} from '../architecture/catalogue';
import { outputRef } from '../architecture/valueRef';
import type { InputSpec, LayerSpec, ModelSpec, NodeSpec } from '../architecture/types';

/** A value in the draft graph: an input or a node's output. */
export interface DraftValue extends TypedShape {
  id: string;
  consumed: boolean;
  /** Exclusive bound of an int32 input's values (embeddings size their table by it). */
  maxValue?: number;
}

const product = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Kinds whose default config has trainable weights. */
export const WEIGHTED = new Set([
  'dense',
  'conv1d',
  'conv2d',
  'conv2dTranspose',
  'conv3d',
  'conv3dTranspose',
  'depthwiseConv2d',
  'separableConv2d',
  'embedding',
  'simpleRNN',
  'lstm',
  'gru',
  'convLstm2d',
  'rnn',
  'bidirectional',
  'timeDistributed',
  'prelu',
  'penalizedScale',
]);

/** Most balanced split of n into `parts` factors, largest first (n itself for one part). */
export function factor(n: number, parts: number): number[] {
  if (parts <= 1) return [n];
  let best = 1;
  for (let d = 1; d * d <= n; d++) if (n % d === 0) best = d;
  return [...factor(n / best, parts - 1), best].sort((a, b) => b - a);
}

/**
 * A spec under construction. Every method keeps the draft valid: a layer
 * is added only once its output shape is known, so the decoder can try an
 * application and fall back when the catalogue says tfjs would reject it.
 */
export class SpecDraft {
  readonly inputs: InputSpec[] = [];
  readonly layers: LayerSpec[] = [];
  readonly nodes: NodeSpec[] = [];
  readonly values: DraftValue[] = [];
  /** First input each layer saw (a shared application must match it). */
  readonly firstInput = new Map<string, TypedShape[]>();
  private counter = 0;

  /**
   * @param idPrefix prefixes layer ids: a nested block's layers get their
   *   block's prefix, because tfjs names weights by layer name and refuses to
   *   save a model where two nested models have equal weight names
   *   (fixtures/regressions/nested-duplicate-weight-names.json).
   */
  constructor(private readonly idPrefix = '') {}

  addInput(shape: number[], dtype: 'float32' | 'int32' = 'float32', maxValue?: number): DraftValue {
    const id = `x${this.inputs.length}`;
    this.inputs.push({ id, shape, ...(dtype === 'int32' ? { dtype, maxValue } : {}) });
    const v: DraftValue = { id, shape, dtype, consumed: false, maxValue };
    this.values.push(v);
    return v;
  }

  value(id: string): DraftValue {
    return this.values.find((v) => v.id === id)!;
  }

  /**
   * Applies a new layer; returns undefined (and changes nothing) if tfjs
   * would reject it. Returns the first output; a layer returning several
   * adds a value for each (`n`, `n:1`, …), open for later steps.
   */
  apply(kind: string, config: Record<string, unknown>, sources: DraftValue[], prefix = 'l'): DraftValue | undefined {
    const entry = catalogue.get(kind)!;
    const inputs = sources.map(({ shape, dtype }) => ({ shape, dtype }));
    let out: TypedShape[];
    try {
      out = outputsOf(entry, inputs, entry.config.parse(config));
    } catch (e) {
      if (e instanceof ShapeConflict || e instanceof UnsupportedShape) return undefined;
      throw e;
    }
    if (out.some((o) => o.shape.some((d) => d < 1))) return undefined;
    const id = `${this.idPrefix}${prefix}${this.counter++}`;
    this.layers.push({ id, kind, ...(Object.keys(config).length > 0 ? { config } : {}) });
    this.firstInput.set(id, inputs);
    return this.node(id, sources, out);
  }

  /** Applies an existing layer again (a shared layer); undefined if the shapes do not allow it. */
  reapply(layerId: string, source: DraftValue): DraftValue | undefined {
    const layer = this.layers.find((l) => l.id === layerId)!;
    const entry = catalogue.get(layer.kind)!;
    const config = entry.config.parse(layer.config ?? {});
    const first = this.firstInput.get(layerId)!;
    const input = [{ shape: source.shape, dtype: source.dtype }];
    try {
      if (entry.signature && entry.signature(first, config) !== entry.signature(input, config)) return undefined;
      return this.node(layerId, [source], outputsOf(entry, input, config));
    } catch (e) {
      if (e instanceof ShapeConflict || e instanceof UnsupportedShape) return undefined;
      throw e;
    }
  }

  private node(layer: string, sources: DraftValue[], outs: TypedShape[]): DraftValue {
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, layer, inputs: sources.map((s) => s.id) });
    for (const s of sources) s.consumed = true;
    const made = outs.map((out, k): DraftValue => ({
      id: outputRef(id, k),
      shape: out.shape,
      dtype: out.dtype,
      consumed: false,
    }));
    this.values.push(...made);
    return made[0];
  }

  /**
   * Repairs a value to what a kind needs: int ids go through an embedding,
   * wrong ranks are flattened and reshaped, large tensors are projected by
   * a dense layer. Repairs are ordinary layers (ids `fix…`).
   */
  repair(v: DraftValue, need: InputNeed): DraftValue {
    const wantInt = need.dtype === 'int32';
    if (wantInt) return v; // the decoder only offers int values to int kinds
    if (v.dtype === 'int32') v = this.apply('embedding', { inputDim: v.maxValue ?? 10, outputDim: 3 }, [v], 'fix')!;
    const rank = v.shape.length;
    const rankOk = typeof need.rank === 'number' ? rank === need.rank : rank >= need.rank.min;
    const sizeOk = need.maxSize === undefined || v.shape.every((d) => d <= need.maxSize!);
    if (rankOk && sizeOk && product(v.shape) <= 256) return v;
    if (rank > 1) v = this.apply('flatten', {}, [v], 'fix')!;
    const target = typeof need.rank === 'number' ? need.rank : need.rank.min;
    const limit = Math.min(need.maxSize ?? 32, 32);
    if (v.shape[0] > limit) v = this.apply('dense', { units: Math.min(16, limit) }, [v], 'fix')!;
    if (target <= 1) return v;
    const n = v.shape[0];
    // Channels of 1, the other axes as balanced as the element count allows.
    return this.apply('reshape', { targetShape: [...factor(n, target - 1), 1] }, [v], 'fix')!;
  }

  /** Projects a value to a rank-1 tensor of `width` (for merges). */
  toWidth(v: DraftValue, width?: number): DraftValue {
    v = this.repair(v, { rank: 1 });
    if (v.shape.length > 1) v = this.apply('flatten', {}, [v], 'fix')!;
    if (width !== undefined && v.shape[0] !== width) v = this.apply('dense', { units: width }, [v], 'fix')!;
    return v;
  }

  /** The finished spec: outputs are the values nothing consumed. */
  finish(name: string): ModelSpec {
    for (const input of this.values.filter((v) => v.id.startsWith('x') && !v.consumed)) {
      this.apply('dense', { units: 2 }, [this.toWidth(input)], 'fix');
    }
    let outs = this.values.filter((v) => !v.consumed && !v.id.startsWith('x'));
    // tfjs's fit adds the per-sample losses of all outputs before reducing
    // them, so outputs of different ranks fail to broadcast on both sides
    // alike; several outputs are therefore flattened to rank 1.
    if (outs.length > 1) outs = outs.map((v) => (v.shape.length > 1 ? this.apply('flatten', {}, [v], 'fix')! : v));
    // A model with nothing to train makes every training checkpoint fail alike.
    if (!this.layers.some((l) => WEIGHTED.has(l.kind)))
      outs = outs.map((v, i) => (i === 0 ? this.apply('dense', { units: 2 }, [v], 'fix')! : v));
    const outputs = outs.map((v) => v.id);
    return { version: 1, name, inputs: this.inputs, layers: this.layers, nodes: this.nodes, outputs };
  }
}
