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
  /** A nested block is `class: '__block__'` with its own `model`, its weights linked inside it. */
  layers: (KerasLayer & { id: string; trainable?: boolean; weights: WeightLink[]; model?: KerasModel })[];
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
  /** The structural-key prefix of a nested block's layers (`blockId/`). */
  prefix = '',
): { model?: KerasModel; untranslated: Untranslated[] } {
  const untranslated: Untranslated[] = [];
  const layers: KerasModel['layers'] = [];
  for (const l of spec.layers) {
    if (l.kind === 'block') {
      // A block is a Keras functional model used as a layer; its weights keep their keys `blockId/innerId/param`.
      const inner = (l.config as { spec: ModelSpec }).spec;
      const own = `${prefix}${l.id}/`;
      const keys = new Map<string, string[]>();
      for (const key of weightKeys.get(l.id) ?? []) {
        const innerId = key.slice(own.length).split('/')[0];
        keys.set(innerId, [...(keys.get(innerId) ?? []), key]);
      }
      const t = translateSpec(inner, keys, own);
      untranslated.push(...t.untranslated.map((u) => ({ ...u, layer: `${l.id}/${u.layer}` })));
      if (t.model)
        layers.push({
          class: '__block__',
          config: { name: l.id },
          id: l.id,
          ...(l.trainable === false ? { trainable: false } : {}),
          weights: [],
          model: t.model,
        });
      continue;
    }
    const t = translateLayer(l);
    if (!t.ok) {
      untranslated.push(...t.gaps);
      continue;
    }
    untranslated.push(...t.notes);
    const count = new Map<string, number>();
    const weights = (weightKeys.get(l.id) ?? []).map((key) => {
      const name = kerasWeightName(l.kind, key.slice(prefix.length + l.id.length + 1));
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
