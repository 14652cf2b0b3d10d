import fc from 'fast-check';
import { buildFunctional, inferShapes, tf, validateSpec } from '../../../harness';
import { recipeArbitrary } from '../../../harness/generate/caseArbitrary';
import { decodeRecipe } from '../../../harness/generate/decodeRecipe';
import { executionOrder } from '../../../harness/architecture/executionOrder';
import { allLayers } from '../../../harness/architecture/nestedSpecs';
import { TFJS_ONE_SIDED } from '../../../harness/architecture/catalogue';
import { makeInputs } from '../../../harness/runtime/makeInputs';
import { useCpu } from '../../helpers';

beforeAll(useCpu);

describe('executionOrder', () => {
  it("matches the order in which tfjs's functional executor really calls the layers, on 130 generated graphs", () => {
    const recipes = fc.sample(recipeArbitrary(), { seed: 11, numRuns: 130 });
    let compared = 0;
    for (const [i, r] of recipes.entries()) {
      const spec = validateSpec(decodeRecipe(r, `o${i}`));
      // The executor calls a multi-output layer once per output (known cause multi-output-executor),
      // and the one-sided kinds break the functional graph on purpose (masking: executor-mask-leak; resizing,
      // randomWidth, centerCrop, categoryEncoding: their own causes): the order is checked on the others.
      const multiOutput = spec.nodes.some((n) => n.inputs.some((ref) => ref.includes(':')));
      const masked = allLayers(spec).some(
        (l) =>
          l.kind in TFJS_ONE_SIDED ||
          l.config?.returnState === true ||
          (l.kind === 'block' && (l.config as any).spec.outputs.length > 1),
      );
      // A predicted rejection (an activity regularizer) never runs at all.
      if (multiOutput || masked || inferShapes(spec).conflict) continue;
      compared++;
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
    // Enough graphs are left to compare once the skipped ones are set aside.
    expect(compared).toBeGreaterThan(70);
  });
});
