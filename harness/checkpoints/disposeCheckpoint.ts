import { applicationsOf, layersOf } from '../construct/layersOf';
import type { Side, SideName } from '../construct/Side';
import { stableName } from '../runtime/stableName';
import { tf } from '../runtime/tf';
import type { CaseRecorder } from './CaseRecorder';
import type { FitKeys } from './fitCheckpoint';
import { keysByPosition } from './keysFor';
import { onBothSides, userPath } from './onBothSides';

/** Names of the weights of every layer of `net` applied more than once (inside a model: all its weights). */
function multiplyApplied(side: Side): string[] {
  const names = new Set<string>();
  for (const layer of layersOf(side.net))
    if (applicationsOf(layer) > 1) for (const w of layer.weights) names.add(w.name);
  return [...names];
}

/**
 * `dispose`: calls each side's own `dispose()` — what a user does to free a
 * model — on a fresh, warmed-up build, then lists the variables that side
 * registered while it was built and that are still alive. A custom layer
 * holding a `tf.variable` it never exposed keeps it past `dispose()`: a
 * leak the functional side does not have. The sides must leave the same
 * variables (by key), not merely as many. Before disposing, it records
 * which weights belong to layers applied more than once (tfjs counts a
 * layer's references per application), as a fact for triage. (The case's
 * own cleanup frees the survivors afterwards, so the harness itself does
 * not leak.)
 */
export async function disposeCheckpoint(
  sides: Record<SideName, Side>,
  rec: CaseRecorder,
  order?: FitKeys,
): Promise<void> {
  const r = await onBothSides((s) => {
    const shared = multiplyApplied(sides[s]);
    // Which weight each survivor is, by key (spec keys, or a pair's keys by position): the
    // sides must leave the same ones, not merely as many.
    const o = order?.[s];
    const keys = sides[s].keys ?? (o ? keysByPosition(sides[s], o) : new Map<string, string>());
    userPath(() => sides[s].net.dispose());
    const alive = tf.engine().state.registeredVariables;
    const survivors = (sides[s].createdVariables ?? []).filter((name) => name in alive && !alive[name].isDisposed);
    return {
      survivors,
      shared,
      keys: survivors.map((n) => keys.get(n) ?? `not a weight [${alive[n].shape.join(', ')}]`).sort(),
    };
  });
  if (rec.probed('dispose', r)) return;
  const sub = r.values.subclass!;
  const fun = r.values.functional!;
  rec.facts.dispose = {
    subclass: { survivors: sub.survivors, multiplyApplied: sub.shared },
    functional: { survivors: fun.survivors, multiplyApplied: fun.shared },
  };
  if (sub.keys.join('|') !== fun.keys.join('|')) {
    const describe = (names: string[]) =>
      names
        .map((n) => `'${stableName(n)}' shape ${JSON.stringify(tf.engine().state.registeredVariables[n].shape)}`)
        .join(', ');
    const note = (side: SideName, names: string[]) => (names.length > 0 ? `; ${side}: ${describe(names)}` : '');
    rec.diverge({
      kind: 'resources',
      checkpoint: 'dispose',
      key: '',
      message: `variables surviving dispose(): subclass ${sub.survivors.length}, functional ${fun.survivors.length}${note('subclass', sub.survivors)}${note('functional', fun.survivors)}${sub.survivors.length === fun.survivors.length ? ` (as many, but not the same: subclass ${sub.keys.join(', ')}; functional ${fun.keys.join(', ')})` : ''}`,
    });
  }
  rec.reached('dispose');
}
