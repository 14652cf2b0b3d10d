import fc from 'fast-check';
import { buildFunctional, tf, validateSpec } from '../../../harness';
import { recipeArbitrary } from '../../../harness/generate/caseArbitrary';
import { decodeRecipe } from '../../../harness/generate/decodeRecipe';
import { executionOrder } from '../../../harness/architecture/executionOrder';
import { makeInputs } from '../../../harness/runtime/makeInputs';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

describe('executionOrder', () => {
  it("matches the order in which tfjs's functional executor really calls the layers, on 100 generated graphs", () => {
    const recipes = fc.sample(recipeArbitrary(), { seed: 11, numRuns: 100 });
    for (const [i, r] of recipes.entries()) {
      const spec = validateSpec(decodeRecipe(r, `o${i}`));
      const side = buildFunctional(spec, 1);
      const model = side.net as InstanceType<typeof tf.LayersModel>;
      const seen: string[] = [];
      for (const layer of model.layers) {
        const call = layer.call.bind(layer);
        layer.call = (inputs: any, kwargs: any) => (seen.push(layer.name), call(inputs, kwargs));
      }
      const xs = makeInputs(spec.inputs, 1, 1);
      tf.dispose(model.apply(xs.length === 1 ? xs[0] : xs) as any);
      tf.dispose(xs);
      // tfjs calls a multi-output layer once per output; each layer here has one output per node.
      expect(seen).toEqual(executionOrder(spec).map((n) => n.layer));
    }
  });
});
