import { tf } from '../../../harness';
import { modelGraph } from '../../../harness/checkpoints/ModelGraph';
import { useCpu } from '../../helpers';

beforeAll(useCpu);
const registered = () => tf.engine().state.registeredVariables;

describe('modelGraph', () => {
  it('reads a functional model as one node per layer application, edges from inbound layers, outputs by position', () => {
    const before = tf.memory().numTensors;
    const vars = new Set(Object.keys(registered()));
    const x = tf.input({ shape: [4], name: 'features' });
    const enc = tf.layers.dense({ units: 4, name: 'enc' });
    const h = enc.apply(enc.apply(x)) as ReturnType<typeof tf.input>;
    const head = tf.layers.dense({ units: 2 }).apply(h) as ReturnType<typeof tf.input>;
    const model = tf.model({ inputs: x, outputs: [head, h] });
    const g = modelGraph(model);
    expect(g.nodes).toEqual([
      { id: 'features', kind: 'input' },
      { id: 'enc#1', layer: 'enc', kind: 'Dense', keys: ['0:enc'] },
      { id: 'enc#2', layer: 'enc', kind: 'Dense', keys: ['0:enc'], outputs: [1] },
      // tfjs's generated name carries a counter: the node is named as its weight keys name it.
      { id: '1:Dense', layer: '1:Dense', kind: 'Dense', keys: ['1:Dense'], outputs: [0] },
    ]);
    expect(g.edges).toEqual([
      { from: 'features', to: 'enc#1' },
      { from: 'enc#1', to: 'enc#2' },
      { from: 'enc#2', to: '1:Dense' },
    ]);
    model.dispose();
    // tfjs's dispose() leaves a shared layer's weights (the shared-layer-dispose cause): freed here.
    for (const [name, v] of Object.entries(registered())) if (!vars.has(name)) v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
