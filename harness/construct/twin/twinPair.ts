import type { LayerModule } from '../LayerModule';
import type { PairContext, PairModule } from '../PairModule';
import { deriveTwin, seedBuild } from './deriveTwin';

/** What every case of a layer module says about itself (console, JSON, README). */
export const TWIN_SCOPE =
  "derived twin: the functional model is rebuilt from a trace of this layer's own call(), so it checks how the layer plugs into tfjs (weights exposed, training and masks forwarded, losses collected, config, serialization, memory), not its arithmetic — both sides compute the same ops; to check the math, write a pair module with an independent functional construction";

/** A case's seed, read from the seeded initializer the harness hands the factories. */
function seedOf(ctx: PairContext): string {
  const config = ctx.init('parity-check/twin').getConfig() as { seed?: number };
  return `twin:${config.seed ?? 0}`;
}

/**
 * A layer module as a pair: its subclass is the user's layer, its
 * functional side the twin derived from a trace of that layer's `call()`
 * ({@link deriveTwin}). Both sides' builds start `Math.random` from the
 * same seed, so that unseeded initializers agree: the twin's weights are
 * the traced instance's, and that instance must start as the case's does.
 */
export function twinPair(mod: LayerModule, file: string): PairModule {
  return {
    name: mod.name,
    ...(mod.description ? { description: mod.description } : {}),
    inputs: mod.inputs,
    ...(mod.loss ? { loss: mod.loss } : {}),
    ...(mod.optimizer ? { optimizer: mod.optimizer } : {}),
    ...(mod.optimizerOptions ? { optimizerOptions: mod.optimizerOptions } : {}),
    subclass: async (ctx) => {
      const layer = await mod.layer(ctx);
      return layer !== null && typeof layer === 'object' && 'build' in layer ? seedBuild(layer, seedOf(ctx)) : layer;
    },
    functional: async (ctx) => (await deriveTwin(mod, ctx, seedOf(ctx), file)).model,
    twin: { scope: TWIN_SCOPE },
  };
}
