import { inferShapes, InvalidSpecError, validateSpec } from '../../../harness';

const base = () => ({
  version: 1,
  name: 't',
  inputs: [{ id: 'x', shape: [4] }],
  layers: [{ id: 'd', kind: 'dense', config: { units: 3 } }],
  nodes: [{ id: 'h', layer: 'd', inputs: ['x'] }],
  outputs: ['h'],
});

function message(mutate: (s: any) => void): string {
  const s: any = base();
  mutate(s);
  try {
    validateSpec(s, 'my.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpecError);
    return (e as Error).message;
  }
  throw new Error('expected the spec to be rejected');
}

describe('validateSpec', () => {
  it('accepts a valid spec', () => {
    expect(validateSpec(base()).nodes.map((n) => n.id)).toEqual(['h']);
  });

  it('accepts a stateful RNN at a fixed batch', () => {
    const s = {
      ...base(),
      inputs: [{ id: 'x', shape: [3, 2], batchSize: 2 }],
      layers: [{ id: 'd', kind: 'gru', config: { units: 2, stateful: true } }],
    };
    expect(validateSpec(s).inputs[0].batchSize).toBe(2);
  });

  it.each([
    [
      'a trainable change before step 1 (there is no step before the first)',
      (s: any) => (s.layers[0].trainableSchedule = [{ beforeStep: 1, trainable: false }]),
      "my.json: layer 'd', field 'trainableSchedule.0.beforeStep'",
    ],
    [
      'a trainable schedule inside a block (read on the case’s own layers only)',
      (s: any) => {
        const inner = base();
        (inner.layers[0] as any).trainableSchedule = [{ beforeStep: 2, trainable: false }];
        s.layers = [{ id: 'b', kind: 'block', config: { spec: inner } }];
        s.nodes = [{ id: 'h', layer: 'b', inputs: ['x'] }];
      },
      "my.json: layer 'b' (block), field 'config.spec': layer 'd' has a trainableSchedule, which is read on the case's own layers only (schedule the block itself)",
    ],
    [
      'inputs with different fixed batch sizes',
      (s: any) => {
        s.inputs = [
          { id: 'x', shape: [4], batchSize: 2 },
          { id: 'z', shape: [4] },
        ];
        s.layers = [{ id: 'd', kind: 'add' }];
        s.nodes = [{ id: 'h', layer: 'd', inputs: ['x', 'z'] }];
      },
      "my.json: input 'z', field 'batchSize': every input gives the same fixed batch size or none (input 'x' gives 2, this one none)",
    ],
    [
      'a stateful RNN without a fixed batch (tfjs needs one)',
      (s: any) => {
        s.inputs = [{ id: 'x', shape: [3, 2] }];
        s.layers = [{ id: 'd', kind: 'gru', config: { units: 2, stateful: true } }];
      },
      "my.json: layer 'd', field 'config.stateful': a stateful RNN needs a fixed batch size — give every input a 'batchSize'",
    ],
    [
      'unknown kind, with a suggestion',
      (s: any) => (s.layers[0].kind = 'dens'),
      "my.json: layer 'd', field 'kind': unknown kind 'dens' (did you mean 'dense'?)",
    ],
    [
      'bad config field',
      (s: any) => (s.layers[0].config.units = -1),
      "my.json: layer 'd' (dense), field 'config.units'",
    ],
    [
      'unknown config key, with a suggestion',
      (s: any) => (s.layers[0].config.unit = 3),
      "my.json: layer 'd' (dense), field 'config.unit': Unrecognized key: \"unit\" (did you mean 'units'?)",
    ],
    [
      'dangling node input',
      (s: any) => (s.nodes[0].inputs = ['y']),
      "my.json: node 'h', field 'inputs[0]': unknown input or node 'y' (did you mean 'x'?)",
    ],
    ['unknown layer', (s: any) => (s.nodes[0].layer = 'q'), "my.json: node 'h', field 'layer': unknown layer 'q'"],
    ['duplicate ids', (s: any) => (s.nodes[0].id = 'd'), "my.json: node 'd': id already used by a layer"],
    [
      'unused layer',
      (s: any) => s.layers.push({ id: 'e', kind: 'dense', config: { units: 1 } }),
      "my.json: layer 'e': never applied by any node",
    ],
    [
      'merge with one input',
      (s: any) => {
        s.layers.push({ id: 'a', kind: 'add' });
        s.nodes.push({ id: 'm', layer: 'a', inputs: ['h'] });
      },
      "my.json: node 'm', field 'inputs': an add layer merges two or more inputs, got 1",
    ],
    ['schema error in a node', (s: any) => (s.nodes[0].inputs = []), "my.json: node 'h', field 'inputs'"],
    ['wrong version', (s: any) => (s.version = 2), "my.json: field 'version'"],
    [
      'cycle',
      (s: any) => {
        s.layers.push({ id: 'e', kind: 'dense', config: { units: 3 } });
        s.nodes[0].inputs = ['k'];
        s.nodes.push({ id: 'k', layer: 'e', inputs: ['h'] });
      },
      "my.json: node 'h': the graph has a cycle through 'h', 'k'",
    ],
  ])('rejects %s naming the node and field', (_name, mutate, expected) => {
    expect(message(mutate)).toContain(expected);
  });

  it('orders nodes topologically', () => {
    const s: any = base();
    s.layers.push({ id: 'e', kind: 'dense', config: { units: 2 } });
    s.nodes = [
      { id: 'k', layer: 'e', inputs: ['h'] },
      { id: 'h', layer: 'd', inputs: ['x'] },
    ];
    s.outputs = ['k'];
    expect(validateSpec(s).nodes.map((n) => n.id)).toEqual(['h', 'k']);
  });
});

describe('inferShapes', () => {
  it('predicts that a shared layer fed another width must be rejected, naming the node', () => {
    const s: any = base();
    s.nodes.push({ id: 'h2', layer: 'd', inputs: ['h'] });
    s.outputs = ['h2'];
    const r = inferShapes(validateSpec(s));
    expect(r.conflict).toEqual({
      node: 'h2',
      layer: 'd',
      reason: "layer 'd' was built at node 'h' for last axis 4, but node 'h2' gives it last axis 3",
    });
  });
});
