import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf, validateSpec } from '../../../harness';
import { ROOT, runSpec, useTestBackend } from '../../helpers';

beforeAll(useTestBackend);

const FIXTURE = 'multi-output-executor-returnstate-lstm.json';
const spec = () =>
  validateSpec(
    (JSON.parse(readFileSync(join(ROOT, 'fixtures', 'regressions', FIXTURE), 'utf8')) as { spec: unknown }).spec,
    FIXTURE,
  );

describe('multi-output-executor', () => {
  it('proves a returnState layer inside a nested model run once per output, its outputs being disposed by the executor between them', async () => {
    const before = tf.memory().numTensors;
    const r = await runSpec(spec());
    // The rerun hands the executor copies of the layer's answer: before it did, the rerun failed on a disposed
    // tensor and this case stayed new.
    expect(r.verdict).toBe('divergence');
    expect(r.errors).toEqual([]);
    expect(r.divergences.filter((d) => d.checkpoint === 'forward-training').map((d) => d.cause)).not.toContain(
      undefined,
    );
    expect(
      r.divergences.filter((d) => d.checkpoint !== 'fit' && !d.cause?.split('+').includes('multi-output-executor')),
    ).toEqual([]);
    expect(r.knownCauses).toEqual(expect.arrayContaining(['multi-output-executor']));
    // The kept copies are freed when the outermost call returns.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not explain the near miss: the same model with a subclass that does not forward `training`', async () => {
    const r = await runSpec(spec(), { mutant: 'no-training-flag' });
    expect(r.verdict).toBe('divergence');
    const training = r.divergences.filter((d) => d.checkpoint === 'forward-training');
    expect(training.length).toBeGreaterThan(0);
    // Running the nested model once per call cannot make a subclass that drops nothing agree with one that drops.
    expect(training.some((d) => d.cause === undefined)).toBe(true);
    expect(r.knownCause).toBeUndefined();
  });
});
