import type { Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../architecture/types';
import type { MutantName } from './mutants';
import type { Side } from './Side';
import { SpecSubclass } from './SpecSubclass';
import { holdingCallLosses } from './holdingCallLosses';
import { holdingStates } from './rnnStates';
import { weightKeys } from './weightKeys';
import { inferShapes } from '../architecture/inferShapes';

/**
 * Builds the subclass side of a spec. The layer is not built yet: the
 * engine builds it with one eager call, as a user would, before reading
 * its weights. Keys are read after that call through {@link Side.keys}.
 */
export function buildSubclass(spec: ModelSpec, caseSeed: number, mutant?: MutantName): Side {
  const net = new SpecSubclass({ spec, caseSeed, mutant });
  const keys = new Map<string, string>();
  const { shapes } = inferShapes(spec);
  return {
    name: 'subclass',
    net,
    get keys() {
      // Lazily: sublayers create their weights on the first call.
      keys.clear();
      for (const [id, layer] of net.sublayers) weightKeys(id, layer, keys);
      for (const node of spec.nodes) {
        const extra = net.extraInstance(node.id);
        if (extra) weightKeys(`${node.layer}@${node.id}`, extra, keys);
      }
      return keys;
    },
    activations(inputs: Tensor[], training: boolean) {
      net.recording = {};
      try {
        // A probe, not a user's call: it moves no stateful RNN's state and leaves no loss a call() added.
        holdingStates(net, () =>
          holdingCallLosses(net, () => net.apply(inputs.length === 1 ? inputs[0] : inputs, { training })),
        );
        return net.recording;
      } finally {
        net.recording = null;
      }
    },
    outputShapes: spec.outputs.map((o) => shapes.get(o)?.shape ?? []),
  };
}
