import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSpec } from '../../../harness';
import { codeOf, literal } from '../../../harness/export/codeOf';
import { specCode } from '../../../harness/export/specCode';
import { seedFor } from '../../../harness/runtime/seedFor';
import { ROOT } from '../../helpers';

const fixture = (f: string) =>
  validateSpec(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'regressions', f), 'utf8')).spec, f);

describe('codeOf', () => {
  it('writes the calls made on it as source, arguments as literals', () => {
    const tf = codeOf<any>('tf');
    const cell = tf.layers.lstmCell({ units: 2 });
    expect(literal(tf.layers.rnn({ cell, returnSequences: false, name: 'r', skipped: undefined }))).toBe(
      'tf.layers.rnn({ cell: tf.layers.lstmCell({ units: 2 }), returnSequences: false, name: "r" })',
    );
    expect(literal({ 'odd-key': [1, -0, null] })).toBe('{ "odd-key": [1, -0, null] }');
  });

  it('refuses a constructor that mutates what it built (not expressible as one call)', () => {
    const layer = codeOf<any>('tf').layers.dense({ units: 1 });
    expect(() => {
      layer.trainable = false;
    }).toThrow(
      "export: a layer constructor set 'trainable' on tf.layers.dense({ units: 1 }); not expressible as one call",
    );
  });
});

describe('specCode', () => {
  it("constructs each spec layer with the catalogue's own arguments and the harness's seeds", () => {
    const code = specCode(fixture('shared-regularized.json'), 7);
    expect(code).toContain(
      `"shared": tf.layers.dense({ name: "shared", units: 6, activation: "tanh", useBias: true, kernelInitializer: tf.initializers.glorotUniform({ seed: ${seedFor(7, 'shared', 'kernel')} }), biasInitializer: tf.initializers.zeros(), kernelRegularizer: tf.regularizers.l1l2({ l1: 0, l2: 0.05 }) }),`,
    );
    // The functional side applies the shared layer twice; the subclass holds it once and applies it in call().
    expect(code).toContain('t.h1 = L.shared.apply(t.x);\n  t.h2 = L.shared.apply(t.h1);\n  t.y = L.head.apply(t.h2);');
    expect(code).toContain('[t.h2, m.h2] = applyNode(this.sublayers.shared, [t.h1], [m.h1], kwargs, symbolic);');
    expect(code).toContain('class Subclass0 extends tf.layers.Layer');
    expect(code).toContain('return [null, 2];');
  });

  it('writes a nested block as a tf.model on the functional side and a Layer subclass on the subclass side', () => {
    const code = specCode(fixture('nested-duplicate-weight-names.json'), 1);
    expect(code).toContain(`"b": (side === 'functional' ? functional1("b") : new Subclass1({ name: "b" })),`);
    expect(code).toContain('class Subclass1 extends tf.layers.Layer');
    expect(code).toContain('tf.serialization.registerClass(Subclass2);');
  });

  it('stores every output of a node that returns several tensors under its reference (n, n:1), on both sides', () => {
    const code = specCode(fixture('rnn-return-state-disposed.json'), 3);
    // The GRU with returnState: its output and its state, read by the dense (h) and the nested block (h:1).
    expect(code).toContain('outputsOf(t, null, "h", [L.g.apply(t.x), null]);');
    expect(code).toContain('t.z = L.b.apply(t["h:1"]);');
    expect(code).toContain('outputsOf(t, m, "h", applyNode(this.sublayers.g, [t.x], [m.x], kwargs, symbolic));');
    expect(code).toContain('[t.z, m.z] = applyNode(this.sublayers.b, [t["h:1"]], [m["h:1"]], kwargs, symbolic);');
    expect(code).toMatch(/^\/\*\* Every output of a node that returns several tensors/);
    // A model without such a node carries no helper for it.
    expect(specCode(fixture('shared-regularized.json'), 7)).not.toContain('outputsOf');
  });

  it('writes a model tfjs refuses at its first call, declaring no shape where inference stops', () => {
    const code = specCode(fixture('activity-regularizer-refused.json'), 1);
    expect(code).toContain('activityRegularizer: tf.regularizers.l1l2({ l1: 0, l2: 0.01 })');
    expect(code).toContain(
      '// null: shape inference stops before this output (tfjs refuses the model at its first call).\n    return null;',
    );
  });
});
