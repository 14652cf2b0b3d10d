import type { Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../architecture/catalogue';
import { inferShapes } from '../architecture/inferShapes';
import type { ModelSpec } from '../architecture/types';
import { outputRef } from '../architecture/valueRef';
import { tf } from '../runtime/tf';
import { makeLayer } from './makeLayers';
import type { Side } from './Side';
import { holdingCallLosses } from './holdingCallLosses';
import { holdingStates } from './rnnStates';
import { weightKeys } from './weightKeys';

type Symbolic = ReturnType<typeof tf.input>;

/**
 * Builds the functional side: `tf.input` per spec input, layers applied in
 * topological order on SymbolicTensors, `tf.model`. A second model over the
 * same layers exposes every node's output, so the engine can name the first
 * divergent node; it shares weights and adds no nodes to the layers.
 */
export function buildFunctional(spec: ModelSpec, caseSeed: number, name = 'functional'): Side {
  const nested = (inner: ModelSpec, seed: number, blockName: string) => buildFunctional(inner, seed, blockName).net;
  const layers = new Map<string, TfLayer>(spec.layers.map((l) => [l.id, makeLayer(tf, l, caseSeed, nested)]));
  const symbols = new Map<string, Symbolic>();
  // Input names are prefixed with the model's name: a nested block's inputs must not clash with the outer model's.
  // A fixed batch (a stateful RNN's) goes in as tfjs takes it: the whole batchShape.
  const inputs = spec.inputs.map((i) =>
    tf.input({
      ...(i.batchSize === undefined ? { shape: i.shape } : { batchShape: [i.batchSize, ...i.shape] }),
      dtype: i.dtype ?? 'float32',
      name: name === 'functional' ? i.id : `${name}_${i.id}`,
    }),
  );
  spec.inputs.forEach((i, k) => symbols.set(i.id, inputs[k]));
  // Symbols by value reference: a layer returning several tensors gives `n`, `n:1`, ….
  for (const node of spec.nodes) {
    const args = node.inputs.map((r) => symbols.get(r)!);
    const out = layers.get(node.layer)!.apply(args.length === 1 ? args[0] : args) as Symbolic | Symbolic[];
    (Array.isArray(out) ? out : [out]).forEach((t, k) => symbols.set(outputRef(node.id, k), t));
  }
  const net = tf.model({ inputs, outputs: spec.outputs.map((o) => symbols.get(o)!), name });
  // The model's outputs come first, so the probe runs its nodes in the model's own order.
  const inputIds = new Set(spec.inputs.map((i) => i.id));
  const values = [...symbols.keys()].filter((ref) => !inputIds.has(ref));
  const probeIds = [...spec.outputs, ...values.filter((ref) => !spec.outputs.includes(ref))];
  const probe = tf.model({ inputs, outputs: probeIds.map((id) => symbols.get(id)!), name: `${name}_probe` });
  const keys = new Map<string, string>();
  for (const [id, layer] of layers) weightKeys(id, layer, keys);
  const { shapes } = inferShapes(spec);
  return {
    name: 'functional',
    net,
    keys,
    activations(xs: Tensor[], training: boolean) {
      // A probe, not a user's call: it moves no stateful RNN's state and leaves no loss a call() added.
      const outs = holdingStates(net, () =>
        holdingCallLosses(net, () => probe.apply(xs.length === 1 ? xs[0] : xs, { training })),
      ) as Tensor | Tensor[];
      const list = Array.isArray(outs) ? outs : [outs];
      return Object.fromEntries(probeIds.map((id, i) => [id, list[i]]));
    },
    outputShapes: spec.outputs.map((o) => shapes.get(o)?.shape ?? []),
  };
}
