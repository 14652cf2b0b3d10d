import type { Tensor } from '@tensorflow/tfjs';
import { buildFunctional } from '../construct/buildFunctional';
import { buildSubclass } from '../construct/buildSubclass';
import type { PairContext } from '../construct/PairModule';
import { seededInitializer } from '../construct/seededInitializer';
import { seedFor } from '../runtime/seedFor';
import { SIDES, type Side, type SideName } from '../construct/Side';
import type { CaseConfig } from './resolveConfig';
import { tf } from '../runtime/tf';
import type { CaseSource } from './CaseSource';
import { seedGlobalRandom } from '../runtime/seedRandom';

/** Each side built, or the error it threw. */
export type BuildOutcome = Record<SideName, { side: Side } | { error: unknown }>;

function pairSide(source: Extract<CaseSource, { kind: 'pair' }>, name: SideName, caseSeed: number): Side {
  const ctx: PairContext = { tf, init: (key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', seedFor(caseSeed, 'pair', key)) };
  const net = source.pair[name](ctx);
  if (!(net instanceof tf.layers.Layer)) {
    throw new Error(`${name}() must return ${name === 'functional' ? 'a tf.LayersModel' : 'an instance of a tf.layers.Layer subclass'}, got ${net === null ? 'null' : typeof net}`);
  }
  if (name === 'functional' && !(net instanceof tf.LayersModel)) throw new Error('functional() must return a tf.LayersModel (from tf.model)');
  return { name, net, outputShapes: [] };
}

/** How `buildSides` prepares the sides. */
export interface BuildOptions {
  /**
   * One eager inference call on each side after building, so lazily built
   * sublayers exist before anything reads the inventory. Off for `fit`,
   * which follows a user's `tf.model → compile → fit` path exactly.
   */
  warmUp: boolean;
}

/**
 * Builds both sides (and warms them up, see {@link BuildOptions}).
 *
 * Unseeded initializers draw from `Math.random`, which the harness seeds.
 * Spec cases reseed it identically before each side: the builders seed every
 * weight themselves, and a tfjs initializer that ignores its seed should not
 * turn every case using it into a finding. Pair cases seed it once and build
 * the sides one after the other, as two models built in one user process are:
 * unseeded initializers then differ, as they do for the user.
 */
export function buildSides(source: CaseSource, config: CaseConfig, inputs: Tensor[], salt: string, options: BuildOptions = { warmUp: true }): BuildOutcome {
  const out = {} as BuildOutcome;
  seedGlobalRandom(`${config.seed}:${salt}`);
  for (const name of SIDES) {
    if (source.kind === 'spec') seedGlobalRandom(`${config.seed}:${salt}`);
    const before = new Set(Object.keys(tf.engine().state.registeredVariables));
    try {
      let side: Side;
      if (source.kind === 'spec') side = name === 'subclass' ? buildSubclass(source.spec, config.seed, config.mutant) : buildFunctional(source.spec, config.seed);
      else side = pairSide(source, name, config.seed);
      if (options.warmUp) {
        tf.tidy(() => {
          side.net.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
        });
      }
      side.createdVariables = Object.keys(tf.engine().state.registeredVariables).filter((v) => !before.has(v));
      out[name] = { side };
    } catch (error) {
      out[name] = { error };
    }
  }
  // Pair modules give no output shapes up front: take the functional model's.
  const f = out.functional;
  if (source.kind === 'pair' && 'side' in f) {
    const shapes = (f.side.net as InstanceType<typeof tf.LayersModel>).outputs.map((o) => o.shape.slice(1) as number[]);
    for (const name of SIDES) if ('side' in out[name]) (out[name] as { side: Side }).side.outputShapes = shapes;
  }
  return out;
}
