import type { Side, SideName } from '../construct/Side';
import { tf } from '../runtime/tf';
import type { CaseRecorder } from './CaseRecorder';
import { onBothSides } from './onBothSides';

/**
 * `dispose`: calls each side's own `dispose()` — what a user does to free a
 * model — on a fresh, warmed-up build, then lists the variables that side
 * registered while it was built and that are still alive. A custom layer
 * holding a `tf.variable` it never exposed keeps it past `dispose()`: a
 * leak the functional side does not have. (The case's own cleanup frees
 * the survivors afterwards, so the harness itself does not leak.)
 */
export async function disposeCheckpoint(sides: Record<SideName, Side>, rec: CaseRecorder): Promise<void> {
  const r = await onBothSides((s) => {
    sides[s].net.dispose();
    const alive = tf.engine().state.registeredVariables;
    return (sides[s].createdVariables ?? []).filter((name) => name in alive && !alive[name].isDisposed);
  });
  if (rec.sideErrors('dispose', r.errors)) return;
  const sub = r.values.subclass!;
  const fun = r.values.functional!;
  if (sub.length !== fun.length) {
    const describe = (names: string[]) => names.map((n) => `'${n}' shape ${JSON.stringify(tf.engine().state.registeredVariables[n].shape)}`).join(', ');
    const note = (side: SideName, names: string[]) => (names.length > 0 ? `; ${side}: ${describe(names)}` : '');
    rec.diverge({
      kind: 'resources',
      checkpoint: 'dispose',
      key: '',
      message: `variables surviving dispose(): subclass ${sub.length}, functional ${fun.length}${note('subclass', sub)}${note('functional', fun)}`,
    });
  }
  rec.reached('dispose');
}
