import type { ModelSpec } from '../../architecture/types';
import { kerasWeightName, translateLayer, type KerasLayer, type Untranslated } from './translateLayer';

/** A tfjs weight and the Keras weight it is copied into: the `nth` Keras weight named `name` in its layer. */
export interface WeightLink {
  key: string;
  name: string;
  nth: number;
}

/** The spec's model as keras_reference.py builds it. */
export interface KerasModel {
  inputs: { id: string; shape: (number | null)[]; dtype: string }[];
  layers: (KerasLayer & { id: string; trainable?: boolean; weights: WeightLink[] })[];
  nodes: { id: string; layer: string; inputs: string[] }[];
  outputs: string[];
}

/**
 * Translates a whole spec. `weightKeys` gives each layer's tfjs weights as
 * structural keys, in the layer's own weight order (read from the built
 * tfjs functional model). Returns the model, or every gap that keeps it
 * from being built (blocking), and the gaps that do not.
 */
export function translateSpec(
  spec: ModelSpec,
  weightKeys: Map<string, string[]>,
): { model?: KerasModel; untranslated: Untranslated[] } {
  const untranslated: Untranslated[] = [];
  const layers: KerasModel['layers'] = [];
  for (const l of spec.layers) {
    const t = translateLayer(l);
    if (!t.ok) {
      untranslated.push(...t.gaps);
      continue;
    }
    untranslated.push(...t.notes);
    const count = new Map<string, number>();
    const weights = (weightKeys.get(l.id) ?? []).map((key) => {
      const name = kerasWeightName(l.kind, key.slice(l.id.length + 1));
      const nth = count.get(name) ?? 0;
      count.set(name, nth + 1);
      return { key, name, nth };
    });
    layers.push({ ...t.keras, id: l.id, ...(l.trainable === false ? { trainable: false } : {}), weights });
  }
  if (untranslated.some((u) => u.blocking)) return { untranslated };
  return {
    model: {
      inputs: spec.inputs.map((i) => ({ id: i.id, shape: i.shape, dtype: i.dtype ?? 'float32' })),
      layers,
      nodes: spec.nodes.map((n) => ({ id: n.id, layer: n.layer, inputs: n.inputs })),
      outputs: spec.outputs,
    },
    untranslated,
  };
}
