import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import { buildFunctional, buildSubclass, tf, validateSpec, type ModelSpec } from '../../../harness';
import { holdingCallLosses } from '../../../harness/construct/holdingCallLosses';
import { ROOT, runSpecRaw, useCpu } from '../../helpers';

beforeAll(useCpu);

/** A dense layer, then a penalizedScale, whose call() adds a loss with this.addLoss. */
const spec = (): ModelSpec =>
  validateSpec(
    (
      JSON.parse(readFileSync(join(ROOT, 'fixtures', 'regressions', 'add-loss-per-call.json'), 'utf8')) as {
        spec: unknown;
      }
    ).spec,
    'add-loss-per-call.json',
  );

const losses = (net: { calculateLosses(): Tensor[] }) => {
  const t = net.calculateLosses();
  const n = t.length;
  tf.dispose(t);
  return n;
};

describe('holdingCallLosses', () => {
  it("leaves no loss a probe's call() added, on either side, and keeps the ones added before", () => {
    const x = tf.ones([2, 4]);
    for (const side of [buildSubclass(spec(), 7), buildFunctional(spec(), 7)]) {
      // The user's call: it adds the layer's penalty (the subclass's build trace adds one more).
      tf.dispose(side.net.apply(x) as Tensor);
      const before = losses(side.net);
      expect(before).toBeGreaterThan(0);
      const probed = tf.tidy(() => Object.values(side.activations!([x], false)).length);
      expect(probed).toBeGreaterThan(0);
      expect(losses(side.net)).toBe(before);
      // Without it, the same call adds one: the check above is not vacuous.
      tf.dispose(holdingCallLosses(side.net, () => side.net.apply(x) as Tensor));
      expect(losses(side.net)).toBe(before);
      tf.dispose(side.net.apply(x) as Tensor);
      expect(losses(side.net)).toBe(before + 1);
    }
    tf.dispose(x);
  });

  it("the loss checkpoint counts the penalties of the user's calls only (build trace, warm-up, forward, forward-training, the loss's own call)", async () => {
    const r = await runSpecRaw(spec(), { steps: 1, fit: false, reload: false });
    // The subclass traces call() once more at build: one penalty more, never the harness's activations probes.
    expect(r.facts?.loop?.penalties).toEqual({ subclass: 5, functional: 4 });
  });
});
