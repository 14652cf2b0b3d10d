import { buildFunctional, inferShapes, tf, validateSpec, type ModelSpec } from '../../../harness';
import { chain, fixtureSpecs, useCpu } from '../../helpers';

beforeAll(useCpu);

/** Shape inference must agree with what tfjs's own symbolic execution infers. */
function expectShapesMatchTfjs(spec: ModelSpec): void {
  const { shapes, conflict } = inferShapes(spec);
  expect(conflict).toBeUndefined();
  const side = buildFunctional(spec, 1);
  const model = side.net as InstanceType<typeof tf.LayersModel>;
  spec.outputs.forEach((o, i) => expect(model.outputs[i].shape.slice(1)).toEqual(shapes.get(o)!.shape));
  model.dispose();
}

describe('catalogue shape rules', () => {
  it.each(
    fixtureSpecs()
      .filter((f) => !inferShapes(f.spec).conflict)
      .map((f) => [f.file, f.spec] as const),
  )('agree with tfjs on %s', (_f, spec) => {
    expectShapesMatchTfjs(spec);
  });

  it.each([
    [
      'conv1d same stride 2',
      [7, 3],
      [{ id: 'c', kind: 'conv1d', config: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' } }],
    ],
    ['conv1d dilated', [9, 2], [{ id: 'c', kind: 'conv1d', config: { filters: 2, kernelSize: 3, dilationRate: 2 } }]],
    [
      'conv2d valid stride pair',
      [9, 7, 1],
      [{ id: 'c', kind: 'conv2d', config: { filters: 2, kernelSize: [3, 2], strides: [2, 3] } }],
    ],
    ['avg pool 2d same', [5, 5, 2], [{ id: 'p', kind: 'averagePooling2d', config: { poolSize: 2, padding: 'same' } }]],
    ['max pool 1d strides', [9, 2], [{ id: 'p', kind: 'maxPooling1d', config: { poolSize: 3, strides: 2 } }]],
    ['global avg 2d', [4, 3, 5], [{ id: 'p', kind: 'globalAveragePooling2d' }]],
    [
      'reshape then flatten',
      [12],
      [
        { id: 'r', kind: 'reshape', config: { targetShape: [3, 4] } },
        { id: 'f', kind: 'flatten' },
      ],
    ],
    ['simpleRNN sequences', [5, 3], [{ id: 'r', kind: 'simpleRNN', config: { units: 4, returnSequences: true } }]],
    ['dense on rank 3', [5, 3], [{ id: 'd', kind: 'dense', config: { units: 2 } }]],
  ] as const)('agree with tfjs on %s', (name, shape, layers) => {
    expectShapesMatchTfjs(chain(name, [...shape], layers as any));
  });

  it('predicts rejections that tfjs really makes', () => {
    // tfjs accepts a window longer than its input and computes an empty axis; specs may not.
    expect(() =>
      chain('too-short', [2, 3], [{ id: 'c', kind: 'conv1d', config: { filters: 2, kernelSize: 3 } }]),
    ).toThrow("node 'n0': conv1d kernel of 3 does not fit an input of length 2: the output axis would be empty");
    const flat = chain('flat-1d', [4], [{ id: 'f', kind: 'flatten' }]);
    expect(inferShapes(flat).conflict?.reason).toMatch(/flatten needs inputs of rank at least 2/);
    expect(() => buildFunctional(flat, 1)).toThrow(/expected min_ndim=3/);
  });

  it('types int32 inputs through embeddings only', () => {
    const spec = validateSpec({
      version: 1,
      name: 'ints',
      inputs: [{ id: 'x', shape: [3], dtype: 'int32', maxValue: 5 }],
      layers: [{ id: 'd', kind: 'dense', config: { units: 2 } }],
      nodes: [{ id: 'h', layer: 'd', inputs: ['x'] }],
      outputs: ['h'],
    });
    expect(inferShapes(spec).conflict?.reason).toBe('dense needs float32 input, got int32');
  });
});
