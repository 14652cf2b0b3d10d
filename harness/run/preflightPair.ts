import { BadModuleError } from '../errors';
import type { PairModule } from '../build/PairModule';
import { seededInitializer } from '../build/seededInitializer';
import { tf } from '../tf';
import { openLedger } from './tensorLedger';

/**
 * Calls a pair module's two factories once, before any case runs, so that a
 * factory that throws or returns the wrong thing is reported as bad input
 * naming the file (exit 2), not as a finding. Releases what they created.
 */
export function preflightPair(pair: PairModule, file: string): void {
  const vars = new Set(Object.keys(tf.engine().state.registeredVariables));
  const ledger = openLedger();
  try {
    for (const side of ['functional', 'subclass'] as const) {
      let net: unknown;
      try {
        net = pair[side]({ tf, init: (_key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', 1) });
      } catch (e) {
        throw new BadModuleError(`${file}: ${side}() threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, file);
      }
      if (side === 'functional' && !(net instanceof tf.LayersModel)) throw new BadModuleError(`${file}: functional() must return a tf.LayersModel (from tf.model)`, file);
      if (side === 'subclass' && !(net instanceof tf.layers.Layer)) throw new BadModuleError(`${file}: subclass() must return an instance of a class extending tf.layers.Layer`, file);
    }
  } finally {
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!vars.has(name)) v.dispose();
    ledger.reclaim();
  }
}
