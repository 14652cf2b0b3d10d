import type { TfLayer } from '../architecture/catalogue';
import type { ModelSpec } from '../architecture/types';
import type { Side, SideName } from '../construct/Side';
import { SpecSubclass } from '../construct/SpecSubclass';
import { tf } from '../runtime/tf';

/** One change of a spec layer's `trainable` flag before a custom-loop step (from `trainableSchedule`). */
export interface ScheduledChange {
  /** Spec layer id (its structural key's first part). */
  layer: string;
  beforeStep: number;
  trainable: boolean;
}

/** Every change a spec's own layers schedule, in step order. */
export function scheduleOf(spec: ModelSpec): ScheduledChange[] {
  return spec.layers
    .flatMap((l) => (l.trainableSchedule ?? []).map((c) => ({ layer: l.id, ...c })))
    .sort((a, b) => a.beforeStep - b.beforeStep);
}

/**
 * The layer a spec layer id names on one side, found as user code finds
 * it: `model.getLayer(id)` on the functional model, the held sublayer on
 * the subclass (whatever holds it: Map, array or object).
 */
function layerOn(side: Side, id: string): TfLayer {
  if (side.net instanceof SpecSubclass) {
    const held = side.net.sublayers.get(id);
    if (held) return held;
  } else if (side.net instanceof tf.LayersModel) return side.net.getLayer(id);
  throw new Error(
    `${side.name}: no layer '${id}' to set trainable on (a trainableSchedule names the case's own layers)`,
  );
}

/**
 * Sets `layer.trainable` on both sides for the changes due before `step`,
 * as a user's training script does between steps (tfjs optimizers then
 * see a different variable list: their slots are kept by position).
 * Returns what changed, for the case's notes.
 */
export function applyTrainableChanges(
  sides: Record<SideName, Side>,
  schedule: readonly ScheduledChange[],
  step: number,
): string[] {
  const due = schedule.filter((c) => c.beforeStep === step);
  for (const c of due)
    for (const s of ['subclass', 'functional'] as const) layerOn(sides[s], c.layer).trainable = c.trainable;
  return due.map((c) => `before step-${step}: layer '${c.layer}' set trainable = ${c.trainable} on both sides`);
}
