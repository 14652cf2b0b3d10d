import { tf, type PairModule } from '../../../harness';
import { runPair, useCpu } from '../../helpers';

beforeAll(useCpu);

/** A correct-looking pair whose subclass builds its sublayers lazily, in call(). */
function lazyPair(registered: boolean, buildInBuild: boolean): PairModule {
  return {
    name: `lazy (registered ${registered}, built in build() ${buildInBuild})`,
    inputs: [{ shape: [3] }],
    functional: ({ tf: t, init }) => {
      const x = t.input({ shape: [3] });
      return t.model({
        inputs: x,
        outputs: t.layers.dense({ units: 2, kernelInitializer: init('k') }).apply(x) as any,
      });
    },
    subclass: ({ tf: t, init }) => {
      class Lazy extends t.layers.Layer {
        static className = `ReloadSpecLazy${registered}${buildInBuild}`;
        inner = t.layers.dense({ name: 'inner', units: 2, kernelInitializer: init('k') });
        override build(s: any) {
          if (buildInBuild)
            t.tidy(() => {
              this.call(t.zeros([1, ...s.slice(1)]));
            });
          super.build(s);
        }
        override get trainableWeights() {
          return this.inner.trainableWeights;
        }
        override get nonTrainableWeights() {
          return this.inner.nonTrainableWeights;
        }
        override computeOutputShape(s: any) {
          return [s[0], 2];
        }
        override call(x: any) {
          return this.inner.apply(Array.isArray(x) ? x[0] : x) as any;
        }
      }
      if (registered) t.serialization.registerClass(Lazy);
      return new Lazy({});
    },
  };
}

describe('the reload checkpoint', () => {
  it('passes a registered subclass that builds its sublayers in build()', async () => {
    const r = await runPair(lazyPair(true, true));
    expect(r.verdict).toBe('parity');
    expect(r.checkpoints).toContain('reload');
  });

  it('finds a subclass whose sublayers only exist after a call: its saved weights have no target on reload', async () => {
    const r = await runPair(lazyPair(true, false));
    expect(r.verdict).toBe('divergence');
    expect(r.divergences[0]).toMatchObject({ kind: 'error', checkpoint: 'reload' });
    expect(r.errors[0].message).toMatch(/Provided weight data has no target variable/);
  });

  it('finds a subclass that is not registered for serialization', async () => {
    const r = await runPair(lazyPair(false, true));
    expect(r.divergences[0]).toMatchObject({ kind: 'error', checkpoint: 'reload' });
    expect(r.errors[0].message).toMatch(/Unknown layer: ReloadSpecLazyfalsetrue/);
  });

  it('leaves the tensor count where it was', async () => {
    const n = tf.memory().numTensors;
    await runPair(lazyPair(true, true));
    expect(tf.memory().numTensors).toBe(n);
  });
});

describe('tfjs serialization of custom layer configs (why SpecSubclass hex-encodes its spec)', () => {
  it('rewrites string values with underscores or capitals on save and load', async () => {
    class Labelled extends tf.layers.Layer {
      static className = 'ReloadSpecLabelled';
      label: string;
      constructor(args: any) {
        super(args);
        this.label = args.label;
      }
      override getConfig() {
        return { ...super.getConfig(), label: this.label };
      }
    }
    tf.serialization.registerClass(Labelled);
    const x = tf.input({ shape: [2] });
    const model = tf.model({ inputs: x, outputs: new Labelled({ label: 'b0_l0' }).apply(x) as any });
    let saved: any;
    await model.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const back = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect((back.layers[1] as Labelled).label).toBe('b0L0');
  });
});
