import { SIDES, type Side, type SideName } from '../construct/Side';
import { stableName } from '../runtime/stableName';
import { tensorData } from '../runtime/tensorData';
import type { BuildState } from './CaseData';
import type { CaseConfig } from './CaseConfig';
import type { CaseRecorder } from './CaseRecorder';
import { compareVariables, inventoryOf, type KeyedWeights } from './inventoryOf';
import { weightsPoint } from './Evolution';
import { keysFor } from './keysFor';
import { onBothSides, userPath } from './onBothSides';

/**
 * `init`: keys both sides (after their first call, so every weight
 * exists), then compares the inventories and the initial values, and notes
 * weights of one side that start bit-identical. Returns what the later
 * checkpoints of this build share (undefined when a side's weights cannot
 * be read: its error is recorded).
 */
export async function initCheckpoint(
  sides: Record<SideName, Side>,
  config: CaseConfig,
  rec: CaseRecorder,
): Promise<BuildState | undefined> {
  // A side's weight lists are its own code (a custom layer's getters): what they throw is that side's finding.
  const read = await onBothSides((s) =>
    userPath(() =>
      [sides[s].net.weights, sides[s].net.trainableWeights, sides[s].net.nonTrainableWeights]
        .flat()
        .map((w) => w.read()),
    ),
  );
  if (rec.probed('init', read)) return undefined;
  const keys = keysFor(sides.subclass, sides.functional);
  if (keys.pairing) {
    const at = (s: SideName, name: string | undefined) => {
      const i = name === undefined ? -1 : sides[s].net.weights.findIndex((w) => w.name === name);
      return i < 0 ? undefined : i;
    };
    rec.pairing = keys.pairing.map((e) => ({
      ...e,
      subclass: e.subclass && stableName(e.subclass),
      functional: e.functional && stableName(e.functional),
      at: { subclass: at('subclass', e.subclass), functional: at('functional', e.functional) },
    }));
  }
  const inv: Record<SideName, KeyedWeights> = {
    subclass: inventoryOf(sides.subclass, keys.sub),
    functional: inventoryOf(sides.functional, keys.fun),
  };
  const count = (k: KeyedWeights, t: boolean) => k.entries.filter((e) => e.trainable === t).length;
  rec.facts.exposed = Object.fromEntries(
    SIDES.map((s) => [s, { trainable: count(inv[s], true), nonTrainable: count(inv[s], false) }]),
  );
  const reported = new Set<string>();
  const found = compareVariables('init', inv.subclass, inv.functional, config.tolerance, reported);
  rec.diverge(...found);
  rec.weightsAt(weightsPoint('init', inv.subclass, inv.functional, found));
  for (const s of SIDES) for (const text of identicalStarts(inv[s])) rec.note(`${s} side: ${text}`);
  rec.reached('init');
  return { keys, inv, reported };
}

/** A weight's name without a bidirectional layer's `forward_` / `backward_` (its two directions are otherwise named alike). */
const directionless = (name: string) => name.replace(/(^|\/)(forward|backward)_/g, '$1');

/**
 * Pairs of a side's weights that start bit-identical without being
 * constant (zeros, ones): the mark of one seeded initializer instance given
 * to two layers, which draws the same values for each.
 */
function identicalStarts(k: KeyedWeights): string[] {
  const seen = new Map<string, KeyedWeights['entries'][number]>();
  const out: string[] = [];
  for (const e of k.entries) {
    const d = tensorData(e.weight.read());
    if (d.values.length < 2 || d.values.every((v) => Object.is(v, d.values[0]))) continue;
    const sig = `${d.dtype}|${d.shape.join(',')}|${Array.from(d.values).join(',')}`;
    const twin = seen.get(sig);
    // A bidirectional layer clones its config, seeded initializer included, to both directions: its own doing, not a shared instance.
    if (twin && directionless(twin.tfName) === directionless(e.tfName)) continue;
    if (twin)
      out.push(`${twin.key} and ${e.key} start bit-identical (one seeded initializer instance shared by two layers?)`);
    else seen.set(sig, e);
  }
  return out;
}
