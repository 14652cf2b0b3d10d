import type { Tensor } from '@tensorflow/tfjs';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseHooks } from '../checkpoints/CaseHooks';
import { variableEffects } from '../checkpoints/variableEffects';
import { SIDES, type Side, type SideName } from '../construct/Side';
import { tensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import { buildSides } from './buildSides';
import type { CaseSource } from './CaseSource';

type Weight = Side['net']['weights'][number];

const sameStart = (a: Weight, b: Weight) => {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  const [x, y] = [tensorData(a.read()).values, tensorData(b.read()).values];
  return x.every((v, i) => Object.is(v, y[i]));
};

/**
 * Measures each pair side's weights' effect on the outputs (pairing by
 * role reads it) on a replica: the same factories, seeded the same way,
 * warmed up with the same call — never on the sides being checked, whose
 * state one more call would move. A replica's weight is taken for the
 * side's weight at the same position only when it starts bit-identical
 * (a factory that builds differently each time gets no effect there, and
 * pairing falls back to values and the graph). The replica's variables are
 * freed here; a replica that fails to build or run measures nothing, and
 * is never a finding.
 */
export async function measureEffects(
  sides: Record<SideName, Side>,
  source: CaseSource,
  config: CaseConfig,
  inputs: Tensor[],
  hooks?: CaseHooks,
): Promise<void> {
  if (source.kind !== 'pair') return;
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  try {
    const replica = await buildSides(source, config, inputs, 'build', { warmUp: true, hooks });
    for (const s of SIDES) {
      const r = replica[s];
      if (!('side' in r)) continue;
      const mine = sides[s].net.weights;
      const theirs = r.side.net.weights;
      // Compared before measuring: the measuring calls move the replica's state.
      const twins = mine.map((w, i) => theirs[i] !== undefined && sameStart(w, theirs[i]));
      const effects = variableEffects(r.side, inputs, config.seed);
      sides[s].effects = mine.map((_, i) => (twins[i] ? effects[i] : {}));
    }
  } catch {
    // Unmeasured: pairing falls back to values and the graph.
  } finally {
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name)) v.dispose();
  }
}
