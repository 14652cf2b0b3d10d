import type { Tensor } from '@tensorflow/tfjs';
import { buildFunctional } from '../build/buildFunctional';
import { buildSubclass } from '../build/buildSubclass';
import type { PairContext } from '../build/PairModule';
import { seededInitializer } from '../build/seededInitializer';
import { seedFor } from '../build/seedFor';
import { SIDES, type Side, type SideName } from '../build/Side';
import type { CaseConfig } from '../config/resolveConfig';
import { tf } from '../tf';
import type { CaseSource } from './CaseSource';
import { seedGlobalRandom } from './seedRandom';

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

/**
 * Builds both sides and makes one eager inference call on each, so lazily
 * built sublayers exist before anything reads the inventory. The global
 * random generator is reseeded identically before each side, so unseeded
 * initializers draw the same numbers on both when they draw in the same order.
 */
export function buildSides(source: CaseSource, config: CaseConfig, inputs: Tensor[], salt: string): BuildOutcome {
  const out = {} as BuildOutcome;
  for (const name of SIDES) {
    seedGlobalRandom(`${config.seed}:${salt}`);
    try {
      let side: Side;
      if (source.kind === 'spec') side = name === 'subclass' ? buildSubclass(source.spec, config.seed, config.mutant) : buildFunctional(source.spec, config.seed);
      else side = pairSide(source, name, config.seed);
      tf.tidy(() => {
        side.net.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
      });
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
