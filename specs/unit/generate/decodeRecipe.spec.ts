import fc from 'fast-check';
import { buildFunctional, buildSubclass, inferShapes, tf, validateSpec } from '../../../harness';
import { caseArbitrary, decodeConfig, recipeArbitrary } from '../../../harness/generate/caseArbitrary';
import { decodeRecipe } from '../../../harness/generate/decodeRecipe';
import { PROVEN_ONE_SIDED } from '../../../harness/architecture/catalogue';
import { allLayers } from '../../../harness/architecture/nestedSpecs';
import { decodeReplay, encodeReplay } from '../../../harness/generate/replayToken';
import { decoderVersion } from '../../../harness/generate/decoderVersion';
import { makeInputs } from '../../../harness/runtime/makeInputs';
import { fixedBatchOf } from '../../../harness/architecture/fixedBatchOf';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

/** The one rejection the decoder draws on purpose: tfjs refuses any layer with an activity regularizer. */
const ACTIVITY_REFUSAL = /tfjs refuses to call a layer with an activityRegularizer/;

describe('decodeRecipe', () => {
  it('turns 10,000 random recipes into specs that validate and that shape inference accepts, but for the drawn activity regularizers', () => {
    const recipes = fc.sample(recipeArbitrary(), { seed: 1, numRuns: 10_000 });
    const failures: string[] = [];
    let refused = 0;
    recipes.forEach((r, i) => {
      try {
        const spec = validateSpec(decodeRecipe(r, `r${i}`));
        const conflict = inferShapes(spec).conflict;
        if (conflict && ACTIVITY_REFUSAL.test(conflict.reason)) refused++;
        else if (conflict) failures.push(`r${i}: ${conflict.reason}`);
      } catch (e) {
        failures.push(`r${i}: ${(e as Error).message}`);
      }
    });
    expect(failures).toEqual([]);
    // Rare enough that campaigns check other things: a few percent of cases.
    expect(refused).toBeGreaterThan(50);
    expect(refused).toBeLessThan(600);
  });

  it('decodes every shrunk form: the empty recipe is the simplest model', () => {
    expect(decodeRecipe({ head: [], steps: [[]] }, 'min')).toEqual({
      version: 1,
      name: 'min',
      inputs: [{ id: 'x0', shape: [4] }],
      layers: [{ id: 'l0', kind: 'dense', config: { units: 1 } }],
      nodes: [{ id: 'n0', layer: 'l0', inputs: ['x0'] }],
      outputs: ['n0'],
    });
  });

  it('builds 300 generated specs on both sides without a rejection of its own making, and the predicted ones are rejected by tfjs', () => {
    const recipes = fc.sample(recipeArbitrary(), { seed: 2, numRuns: 300 });
    const failures: string[] = [];
    let predicted = 0;
    for (const [i, r] of recipes.entries()) {
      const spec = validateSpec(decodeRecipe(r, `b${i}`));
      const refusal = ACTIVITY_REFUSAL.test(inferShapes(spec).conflict?.reason ?? '');
      if (refusal) predicted++;
      // A spec with a stateful RNN runs at its fixed batch, as a case does.
      const xs = makeInputs(spec.inputs, fixedBatchOf(spec) ?? 2, 1);
      for (const build of [buildFunctional, buildSubclass]) {
        try {
          tf.dispose(build(spec, 1).net.apply(xs.length === 1 ? xs[0] : xs, { training: false }) as any);
          if (refusal)
            failures.push(`b${i} ${build.name}: built although an activity regularizer was predicted to be refused`);
        } catch (e) {
          const message = (e as Error).message;
          // The one-sided kinds are generated although tfjs runs them in a subclass only (TFJS_ONE_SIDED):
          // masking's mask leaks to later layers, the preprocessing kinds' symbolic shapes are wrong, and the
          // later layers may then fail; campaigns prove each per case (PROVEN_ONE_SIDED's causes). The
          // subclass side never fails on them.
          const oneSided = build === buildFunctional && allLayers(spec).some((l) => l.kind in PROVEN_ONE_SIDED);
          if (!(refusal && /activity regularizer\(s\) is not supported yet/.test(message)) && !oneSided)
            failures.push(`b${i} ${build.name}: ${message} in ${JSON.stringify(spec)}`);
        }
      }
      tf.dispose(xs);
    }
    expect(failures).toEqual([]);
    expect(predicted).toBeGreaterThan(0);
  });

  it('makes shared layers, merges, several inputs and int ids', () => {
    const specs = fc.sample(recipeArbitrary(), { seed: 3, numRuns: 500 }).map((r, i) => decodeRecipe(r, `s${i}`));
    expect(specs.filter((s) => new Set(s.nodes.map((n) => n.layer)).size < s.nodes.length).length).toBeGreaterThan(50);
    expect(
      specs.filter((s) => s.layers.some((l) => ['add', 'concatenate', 'multiply', 'average'].includes(l.kind))).length,
    ).toBeGreaterThan(50);
    expect(specs.filter((s) => s.inputs.length > 1).length).toBeGreaterThan(50);
    expect(specs.filter((s) => s.inputs.some((i) => i.dtype === 'int32')).length).toBeGreaterThan(50);
    expect(specs.filter((s) => s.outputs.length > 1).length).toBeGreaterThan(50);
  });
});

describe('determinism', () => {
  it('seed 42 generates the same cases as always (update the snapshot only on purpose)', () => {
    const cases = fc
      .sample(caseArbitrary(), { seed: 42, numRuns: 4 })
      .map((c, i) => ({ spec: decodeRecipe(c.recipe, `fuzz-42-${i}`), config: decodeConfig(c.config) }));
    expect(cases).toMatchSnapshot();
  });
});

describe('replay tokens', () => {
  const stamp = { tfjs: '4.22.0', decoder: 'abcd1234', spec: '0badcafe' };
  it('round-trip a case and its stamp (format, tfjs and decoder versions, spec hash) exactly, and reject damaged tokens', () => {
    const [raw] = fc.sample(caseArbitrary(), { seed: 9, numRuns: 1 });
    const c = {
      ...raw,
      seed: 5,
      sizes: { maxInputs: 2, maxSteps: 6 },
      name: 'x',
      mutant: 'concat-swap',
      options: { fit: false },
    };
    const token = encodeReplay(c, stamp);
    expect(token.startsWith('pc2.')).toBe(true);
    expect(decodeReplay(token)).toEqual({ case: c, stamp });
    expect(() => decodeReplay('pc2.nonsense')).toThrow(/invalid replay token 'pc2\.nonsense'/);
    expect(() => decodeReplay('abc')).toThrow(/it starts with pc2\./);
  });

  it('refuse a token of the old format, which cannot be checked against this decoder, saying so', () => {
    expect(() => decodeReplay('pc1.eyJyZWNpcGUiOnt9fQ')).toThrow(
      /format pc1, made by an older parity-check that did not record its tfjs and decoder versions/,
    );
  });

  it('have a decoder fingerprint that changes with what recipes decode to', () => {
    expect(decoderVersion()).toMatch(/^[0-9a-f]{8}$/);
    expect(decoderVersion()).toBe(decoderVersion());
  });
});
