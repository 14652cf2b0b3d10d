import { allLayers } from '../architecture/nestedSpecs';
import type { ModelSpec } from '../architecture/types';

/**
 * Why the standalone export cannot write a spec's case yet, or undefined:
 * a layer class of parity-check's own (penalizedScale, whose source the
 * script would have to carry) and a `trainableSchedule` (the script's
 * training loop does not change `trainable` between steps).
 */
export function exportGap(spec: ModelSpec): string | undefined {
  const own = allLayers(spec).find((l) => l.kind === 'penalizedScale');
  if (own) return `layer '${own.id}' is parity-check's own penalizedScale class, which export does not write yet`;
  const scheduled = spec.layers.find((l) => l.trainableSchedule);
  if (scheduled)
    return `layer '${scheduled.id}' has a trainableSchedule, which the exported training loop does not follow yet`;
  return undefined;
}
