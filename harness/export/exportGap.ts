import { allLayers } from '../architecture/nestedSpecs';
import type { ModelSpec } from '../architecture/types';

/**
 * Why the standalone export cannot write a spec's case yet, or undefined:
 * a layer class of parity-check's own (penalizedScale, whose source the
 * script would have to carry) and a `trainableSchedule` (the script's
 * training loop does not change `trainable` between steps), and a fixed
 * batch size (the script's inputs take none, and its probes would move a
 * stateful RNN's state on one side only).
 */
export function exportGap(spec: ModelSpec): string | undefined {
  const own = allLayers(spec).find((l) => l.kind === 'penalizedScale');
  if (own) return `layer '${own.id}' is parity-check's own penalizedScale class, which export does not write yet`;
  const scheduled = spec.layers.find((l) => l.trainableSchedule);
  if (scheduled)
    return `layer '${scheduled.id}' has a trainableSchedule, which the exported training loop does not follow yet`;
  // The script builds its inputs with tf.input({shape}) and never saves or restores RNN states around its probes.
  const fixed = spec.inputs.find((i) => i.batchSize !== undefined);
  if (fixed)
    return `input '${fixed.id}' has a fixed batchSize (a stateful RNN's), which the exported script does not build yet`;
  return undefined;
}
