import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KNOWN_CAUSES,
  resolveCaseConfig,
  runCase,
  tf,
  validateSpec,
  type CaseResult,
  type ModelSpec,
} from '../../../harness';
import { centerCropFunctional } from '../../../harness/triage/causes/centerCropFunctional';
import { categoryEncodingFunctional } from '../../../harness/triage/causes/categoryEncodingFunctional';
import { patchLayerClass, onlyInput, onlyShape } from '../../../harness/triage/causes/patchLayerClass';
import { randomWidthFunctional } from '../../../harness/triage/causes/randomWidthFunctional';
import { resizingFunctional } from '../../../harness/triage/causes/resizingFunctional';
import { explainCase } from '../../../harness/triage/explainCase';
import type { KnownCause } from '../../../harness/triage/KnownCause';
import { ROOT, runSpec, useCpu } from '../../helpers';

/**
 * The four preprocessing kinds tfjs 4.22 runs in a subclass but not in a
 * functional model, each proven by its cause's counterfactual on its
 * regression fixture; and the near misses their causes must not explain.
 */

beforeAll(useCpu);

const fixture = (name: string): ModelSpec =>
  validateSpec(
    (JSON.parse(readFileSync(join(ROOT, 'fixtures', 'regressions', `${name}.json`), 'utf8')) as { spec: unknown }).spec,
    name,
  );

/** Judges `spec` (run raw, on cpu) with only `causes`. */
async function judge(spec: ModelSpec, causes: readonly KnownCause[], mutant?: 'drop-bias'): Promise<CaseResult> {
  const source = { kind: 'spec' as const, name: spec.name, spec };
  const config = resolveCaseConfig({ mutant });
  const raw = await runCase(source, config);
  return explainCase(raw, (hooks) => runCase(source, config, hooks), causes);
}

const CASES: [string, KnownCause][] = [
  ['resizing-functional', resizingFunctional],
  ['random-width-functional', randomWidthFunctional],
  ['center-crop-upsize-functional', centerCropFunctional],
  ['center-crop-overwrites-input-shape', centerCropFunctional],
  ['category-encoding-functional', categoryEncodingFunctional],
];

describe('one-sided preprocessing kinds, proven per case', () => {
  it.each(CASES)('%s: the functional side alone fails, and the cause proves every divergence', async (name, cause) => {
    const r = await runSpec(fixture(name));
    expect(r.verdict).toBe('divergence');
    expect(r.errors.filter((e) => e.side !== 'functional')).toEqual([]);
    expect(r.knownCause).toBe(cause.id);
    for (const d of r.divergences)
      expect(d).toMatchObject({ cause: cause.id, evidence: cause.counterfactual!.evidence });
  });

  it.each(CASES)("%s: another kind's cause explains nothing of it", async (name, cause) => {
    const others = CASES.map(([, c]) => c).filter((c) => c !== cause);
    const r = await judge(fixture(name), others);
    expect(r.verdict).toBe('divergence');
    expect(r.knownCause).toBeUndefined();
    expect(r.divergences.filter((d) => d.cause !== undefined)).toEqual([]);
  });

  it.each(CASES)(
    '%s with a subclass that drops its biases: new, the cause explains only its own, and no other cause the hidden fault',
    async (name, cause) => {
      expect((await judge(fixture(name), [cause], 'drop-bias')).knownCause).toBeUndefined();
      // Every cause on offer: what the rerun meets past the failure is judged by the others, and none may prove it.
      expect((await judge(fixture(name), KNOWN_CAUSES, 'drop-bias')).knownCause).toBeUndefined();
    },
  );

  it('resizing needs both of its repairs: either fault alone still breaks the functional model', async () => {
    const spec = fixture('resizing-functional');
    const source = { kind: 'spec' as const, name: spec.name, spec };
    const config = resolveCaseConfig({});
    const make = () => tf.layers.resizing({ name: 'probe', height: 1, width: 1 });
    const callOnly = await runCase(
      source,
      config,
      patchLayerClass(make, { call: (inputs, kwargs, original) => original(onlyInput(inputs), kwargs) }),
    );
    expect(callOnly.errors.map((e) => [e.side, e.checkpoint])).toContainEqual(['functional', 'build']);
    const shapeOnly = await runCase(
      source,
      config,
      patchLayerClass(make, {
        computeOutputShape(shape) {
          const s = onlyShape(shape);
          return [...s.slice(0, -3), 2, 2, s[s.length - 1]];
        },
      }),
    );
    expect(shapeOnly.errors.map((e) => [e.side, e.checkpoint])).toContainEqual(['functional', 'build']);
  });

  it('a rerun puts the original methods back: tfjs behaves as before afterwards, and no tensor is left', async () => {
    const before = tf.memory().numTensors;
    await runSpec(fixture('category-encoding-functional'));
    expect(tf.memory().numTensors).toBe(before);
    const input = tf.input({ shape: [3], dtype: 'int32' });
    tf.layers.categoryEncoding({ numTokens: 10 }).apply(input);
    // tfjs 4.22 still overwrites the input's shape once the proof's rerun is over.
    expect(input.shape).toEqual([null, 10]);
    const image = tf.input({ shape: [4, 4, 2] });
    expect((tf.layers.resizing({ height: 3, width: 5 }).apply(image) as { shape: unknown }).shape).toEqual([3, 5, 4]);
  });
});
