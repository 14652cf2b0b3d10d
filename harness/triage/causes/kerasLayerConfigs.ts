/** A Keras layer as the reference describes it to its Python process (harness/reference/keras/translateLayer.ts). */
export type KerasLayers = { class: string; config: Record<string, unknown>; model?: { layers: KerasLayers } }[];

/**
 * Every Keras layer config of a reference model, nested blocks' layers and wrapped layers (a Bidirectional's or
 * TimeDistributed's `layer`, an RNN's `cell`) included, so that a counterfactual patching a config misses none.
 */
export function eachKerasConfig(
  layers: KerasLayers,
  visit: (config: Record<string, unknown>, kerasClass: string) => void,
): void {
  const walk = (config: Record<string, unknown>, kerasClass: string) => {
    visit(config, kerasClass);
    const inner = (config.layer ?? config.cell) as unknown;
    for (const c of Array.isArray(inner) ? inner : inner ? [inner] : []) {
      const wrapped = (c as { __layer__: { class: string; config: Record<string, unknown> } }).__layer__;
      walk(wrapped.config, wrapped.class);
    }
  };
  for (const l of layers) {
    if (l.model) eachKerasConfig(l.model.layers, visit);
    else walk(l.config, l.class);
  }
}

/**
 * Replaces a Keras class by another wherever the reference model has it, nested blocks included: a counterfactual
 * that runs tfjs's own computation of a layer names the class tools/keras/keras_reference.py defines for it.
 */
export function renameKerasClass(layers: KerasLayers, from: string, to: string): void {
  for (const l of layers) {
    if (l.model) renameKerasClass(l.model.layers, from, to);
    else if (l.class === from) l.class = to;
  }
}
