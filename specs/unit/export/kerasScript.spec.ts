import { kerasScript } from '../../../harness/export/kerasScript';
import type { KerasModel } from '../../../harness/reference/keras/translateSpec';

const t = (values: number[], shape: number[]) => ({ dtype: 'float32', shape, values: Float32Array.from(values) });

/** A dense layer (tfjs's hardSigmoid as its activation, an L2 regularizer) inside a nested block, frozen. */
const model: KerasModel = {
  inputs: [{ id: 'x', shape: [2], dtype: 'float32' }],
  layers: [
    {
      class: '__block__',
      config: { name: 'b' },
      id: 'b',
      trainable: false,
      weights: [],
      model: {
        inputs: [{ id: 'i', shape: [2], dtype: 'float32' }],
        layers: [
          {
            class: 'Dense',
            config: {
              units: 1,
              activation: { __activation__: 'tfjs_hard_sigmoid' },
              kernel_regularizer: { __regularizer__: { l2: 0.5 } },
            },
            id: 'd',
            weights: [
              { key: 'b/d/kernel', name: 'kernel', nth: 0 },
              { key: 'b/d/bias', name: 'bias', nth: 0 },
            ],
          },
        ],
        nodes: [{ id: 'n', layer: 'd', inputs: ['i'] }],
        outputs: ['n'],
      },
    },
  ],
  nodes: [{ id: 'y', layer: 'b', inputs: ['x'] }],
  outputs: ['y'],
};

const script = (value: Parameters<typeof kerasScript>[0]['value']) =>
  kerasScript({
    caseName: 'c',
    jsFile: 'c.repro.mjs',
    model,
    inputs: [t([1, 2], [1, 2])],
    targets: [t([0], [1, 1])],
    weights: new Map([
      ['b/d/kernel', t([1, 1], [2, 1])],
      ['b/d/bias', t([0], [1])],
    ]),
    loss: 'meanSquaredError',
    optimizer: { class: 'SGD', config: { learning_rate: 0.01, momentum: 0, nesterov: false } },
    steps: 2,
    value,
    what: 'test',
    keras: t([0.5], [1, 1]),
    tolerance: { atol: 1e-10, rtol: 1e-4, scale: 1e-6 },
    versions: { keras: '3.15.1', tensorflow: '2.21.0' },
  });

describe('kerasScript', () => {
  it("writes the translation's classes and tagged values as Keras constructor calls, blocks as nested models", () => {
    const py = script({ kind: 'output', index: 0 });
    expect(py).toContain(
      'L["d"] = keras.layers.Dense(units=1, activation=tfjs_hard_sigmoid, kernel_regularizer=keras.regularizers.L1L2(l1=0.0, l2=0.5))',
    );
    expect(py).toContain('def tfjs_hard_sigmoid(x):');
    expect(py).toContain('L["b"], inner, _ = model_1("b")');
    expect(py).toContain('L["b"].trainable = False');
    expect(py).toContain('links.append((L["d"], [("kernel", 0, "b/d/kernel"), ("bias", 0, "b/d/bias")]))');
    // Keras refuses an int where it wants a float hyperparameter: optimizer values are written as floats.
    expect(py).toContain('keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)');
    // Forward values need no gradient tape: keras and numpy only.
    expect(py).not.toContain('import tensorflow');
    expect(py).toContain('Run: pip install keras==3.15.1 tensorflow-cpu==2.21.0 && python c.repro.keras.py');
  });

  it('reads a weight after the step, a gradient or loss term at the step, with the gradient tape', () => {
    const weight = script({ kind: 'weight', step: 2, key: 'b/d/bias' });
    expect(weight).toContain('import tensorflow as tf');
    expect(weight).toContain('for step in range(1, 2 + 1):');
    expect(weight).toMatch(/optimizer\.apply_gradients\(.*\)\n {4}value = by_key\["b\/d\/bias"\]/);
    const grad = script({ kind: 'gradient', step: 1, key: 'b/d/kernel' });
    expect(grad).toMatch(/value = grads\[\[k for k, _ in trainable\]\.index\("b\/d\/kernel"\)\]\n {4}optimizer/);
  });
});
