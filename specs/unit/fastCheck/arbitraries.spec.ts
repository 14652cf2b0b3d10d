import { caseArbitrary, fc, specArbitrary } from '../../../harness/fastCheck';
import { decodeReplay, inferShapes, validateSpec, type ModelSpec } from '../../../harness';

describe('parity-check/fast-check', () => {
  it('specArbitrary gives valid specs within the sizes asked for, and shrinks to valid ones', () => {
    fc.assert(
      fc.property(specArbitrary({ maxSteps: 3, maxInputs: 1 }), (spec: ModelSpec) => {
        expect(() => validateSpec(spec, 'generated')).not.toThrow();
        expect(spec.inputs.length).toBe(1);
        expect(inferShapes(spec).conflict).toBeUndefined();
      }),
      { numRuns: 30, seed: 1 },
    );
  });

  it('caseArbitrary gives a spec, the options it drew, and a replay token of that very case', () => {
    const [c] = fc.sample(caseArbitrary({ maxSteps: 2, seed: 7 }), { numRuns: 1, seed: 3 });
    expect(c.options).toMatchObject({
      seed: 7,
      optimizer: expect.any(String),
      steps: expect.any(Number),
      batchSize: expect.any(Number),
      loss: expect.any(String),
    });
    expect(decodeReplay(c.replay).case).toMatchObject({ seed: 7, recipe: c.raw.recipe });
  });

  it("works with another fast-check instance (fast-check knows an arbitrary by its methods): the user's own copy", () => {
    let theirs: typeof fc | undefined;
    jest.isolateModules(() => {
      theirs = require('fast-check');
    });
    expect(theirs).not.toBe(fc);
    const seen: number[] = [];
    theirs!.assert(
      theirs!.property(
        specArbitrary({ maxSteps: 2 }),
        theirs!.integer({ min: 0, max: 3 }),
        (spec: ModelSpec, n: number) => {
          seen.push(n);
          expect(spec.layers.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 10, seed: 2 },
    );
    expect(seen).toHaveLength(10);
    // A failing property shrinks through our arbitrary with their runner, down to a model of the fewest layers.
    const out = theirs!.check(
      theirs!.property(specArbitrary({ maxSteps: 4 }), (spec: ModelSpec) => spec.layers.length < 2),
      { numRuns: 200, seed: 5 },
    );
    expect(out.failed).toBe(true);
    expect((out.counterexample![0] as ModelSpec).layers.length).toBe(2);
  });
});
