import type { Tensor } from '@tensorflow/tfjs';
import type { PairContext, PairModule } from '../construct/PairModule';
import { seedFor } from '../runtime/seedFor';
import { embedTensor, type EmbeddedTensor } from './embedTensor';

/** The values one `init(key, kind)` gave for one shape and dtype. */
export interface RecordedInit {
  key: string;
  kind: string;
  values: EmbeddedTensor;
}

/**
 * Records what a pair's seeded initializers give while the harness runs
 * it: every `init(key[, kind])` call's `apply(shape, dtype)`, by key, kind,
 * dtype and shape. An exported script embeds these values and its own
 * `init` returns them, so its weights start exactly where the harness's
 * did without the script re-implementing the harness's seeding (a seeded
 * tfjs initializer gives the same values on every call for one shape).
 */
export class InitRecorder {
  private readonly seen = new Map<string, RecordedInit & { seed?: number }>();
  /** Signatures whose values differed between two calls: such an initializer cannot be embedded. */
  readonly unstable = new Set<string>();

  /**
   * The pair with factories that receive a recording `init`: the harness's
   * own seeded initializer, whose `apply` also writes down what it returned.
   * Everything else the factories receive and do is unchanged.
   */
  wrap(pair: PairModule): PairModule {
    const context = (ctx: PairContext): PairContext => ({ ...ctx, init: (key, kind) => this.watch(ctx, key, kind) });
    return {
      ...pair,
      functional: (ctx) => pair.functional(context(ctx)),
      subclass: (ctx) => pair.subclass(context(ctx)),
    };
  }

  /**
   * Every value recorded for the case seeded `caseSeed`, in a fixed order
   * (key, kind, dtype, shape), so a script's text does not depend on call
   * order. Calls under another seed (pre-flight builds the sides with its
   * own) are left out; unseeded kinds (zeros, ones) are kept.
   */
  inits(caseSeed: number): RecordedInit[] {
    return [...this.seen.entries()]
      .filter(([, v]) => v.seed === undefined || v.seed === seedFor(caseSeed, 'pair', v.key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { key, kind, values }]) => ({ key, kind, values }));
  }

  private watch(ctx: PairContext, key: string, kind: string | undefined) {
    const real = ctx.init(key, kind);
    const apply = real.apply.bind(real);
    const name = kind ?? 'glorotUniform';
    // The seed the harness gave this key: pre-flight and the case seed alike keys differently.
    const seed = (real.getConfig() as { seed?: number }).seed;
    real.apply = (shape, dtype) => {
      const t = apply(shape, dtype);
      this.record(key, name, seed, t);
      return t;
    };
    return real;
  }

  private record(key: string, kind: string, seed: number | undefined, t: Tensor): void {
    const values = embedTensor(t.dtype, t.shape, t.dataSync() as ArrayLike<number>);
    const sig = JSON.stringify([key, kind, t.dtype, t.shape, seed ?? null]);
    const before = this.seen.get(sig);
    if (before === undefined) this.seen.set(sig, { key, kind, values, seed });
    else if (before.values.data !== values.data) this.unstable.add(sig);
  }
}
