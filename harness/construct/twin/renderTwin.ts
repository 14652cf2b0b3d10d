import type { Twin, TwinStep } from './deriveTwin';
import { OpLayer } from './OpLayer';
import type { LayerModule } from '../LayerModule';

/** A JavaScript literal of a JSON value, non-finite numbers included. */
const literal = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `__${x}__` : x)).replace(
    /"__(-?Infinity|NaN)__"/g,
    '$1',
  ) ?? 'undefined';

/** A config with each seeded initializer the factory got from `init(key)` written as that call. */
function withInits(config: Record<string, unknown>, twin: Twin): string {
  const parts = Object.entries(config)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => {
      const seed = (v as { config?: { seed?: unknown } } | null)?.config?.seed;
      const from = typeof seed === 'number' && /Initializer$/.test(k) ? twin.seeds.get(seed) : undefined;
      const value = from ? `init(${literal(from.key)}${from.kind ? `, ${literal(from.kind)}` : ''})` : literal(v);
      return `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k)}: ${value}`;
    });
  return `{ ${parts.join(', ')} }`;
}

const variable = (key: string) => key.replace(/[^\w$]/g, '_');

/** One step as a line of the functional factory. */
function line(step: TwinStep, twin: Twin, inputs: string[]): string {
  const args = step.inputs.map((k) =>
    k.startsWith('input 0') ? inputs[0] : twin.inputKeys.includes(k) ? inputs[twin.inputKeys.indexOf(k)] : variable(k),
  );
  const applied = step.list ? `[${args.join(', ')}]` : args[0];
  const outs = step.outputs.length === 1 ? variable(step.outputs[0]) : `[${step.outputs.map(variable).join(', ')}]`;
  if (step.kind === 'node') {
    const cls = step.layer.getClassName();
    const config = withInits(step.layer.getConfig() as Record<string, unknown>, twin);
    return `    const ${outs} = layer(tf, ${literal(cls)}, ${config}).apply(${applied}); // ${step.label}`;
  }
  if (step.kind === 'weight') {
    const c = step.layer.getConfig() as { name: string; weightName: string; shape: number[]; trainableWeight: boolean };
    const seed = step.initializer?.config.seed;
    const from = typeof seed === 'number' ? twin.seeds.get(seed) : undefined;
    const init = from
      ? `init(${literal(from.key)}${from.kind ? `, ${literal(from.kind)}` : ''})`
      : step.initializer
        ? literal(step.initializer)
        : 'undefined';
    return `    const ${outs} = weight(tf, ${literal(c.name)}, ${literal(c.shape)}, ${c.trainableWeight}, ${init}).apply(${applied}); // ${step.label} (a weight the custom layer owns)`;
  }
  const spec = (step.layer as OpLayer).spec;
  const ins = spec.inputs.map((i) =>
    'arg' in i ? `${literal(i.name)}: ${i.arg}` : `${literal(i.name)}: ${literal(i.constant)}`,
  );
  return `    const ${outs} = op(tf, ${literal(spec.kernel)}, ${literal(spec.attrs)}, { ${ins.join(', ')} }, ${literal(spec.outputs)}${spec.arrayInputs ? ', true' : ''}).apply(${applied}); // ${step.label}`;
}

/**
 * The derived twin as a pair module's source: the user's layer as the
 * subclass, and a functional factory that rebuilds the traced graph step by
 * step — tfjs layers from their configs (seeded initializers as the
 * `init(key)` calls the layer made), each op through a small `op` layer
 * running the kernel `call()` ran, each owned weight through a `weight`
 * layer. `importPath` is how the written file imports the layer module.
 */
export function renderTwin(mod: LayerModule, twin: Twin, importPath: string, source: string): string {
  const inputs = twin.inputKeys.map((_, i) => `x${i}`);
  const body = twin.steps.map((s) => line(s, twin, inputs));
  const shapes = mod.inputs.map(
    (d, i) =>
      `    const x${i} = tf.input({ shape: ${literal(d.shape)}${d.dtype ? `, dtype: ${literal(d.dtype)}` : ''} });`,
  );
  const outs = twin.outputKeys.map((k) =>
    twin.inputKeys.includes(k) ? inputs[twin.inputKeys.indexOf(k)] : variable(k),
  );
  return `// The functional twin of '${mod.name}' (${source}), as parity-check derived it from a trace of
// the layer's call(): npx parity-check --layer ${source} --print-twin <this file>.
// Each tfjs layer call() applied is a fresh layer from its getConfig(); each \`op\` runs one tfjs kernel
// exactly as call() ran it; each \`weight\` is a weight the custom layer owns (addWeight).
// As written it checks the same things as --layer (plumbing: training, masks, weights, losses,
// serialization), not the arithmetic: replace the ops with tf.layers layers or your own math to check
// the layer against an independent construction.
import layerModule from ${literal(importPath)};

const classes = new WeakMap();

/** One class per tfjs instance, registered for save and load. */
function classesFor(tf) {
  if (classes.has(tf)) return classes.get(tf);
  class Op extends tf.layers.Layer {
    static className = 'TwinOp';
    constructor(args) {
      super(args);
      this.op = args.op;
      this.supportsMasking = true;
    }
    computeOutputShape() {
      return this.op.outputs.length === 1 ? this.op.outputs[0] : this.op.outputs;
    }
    computeMask() {
      return null;
    }
    call(inputs) {
      const xs = Array.isArray(inputs) ? inputs : [inputs];
      const made = [];
      const named = {};
      for (const [name, from] of Object.entries(this.op.inputs)) {
        if (typeof from === 'number') named[name] = xs[from];
        else made.push((named[name] = tf.tensor(from.values, from.shape, from.dtype)));
      }
      const batch = xs[0].shape[0];
      const given = this.op.arrayInputs ? Object.keys(this.op.inputs).map((n) => named[n]) : named;
      const attrs = JSON.parse(JSON.stringify(this.op.attrs), (k, v) => (v && v.$batch === true ? batch : v));
      try {
        return tf.engine().runKernel(this.op.kernel, given, attrs);
      } finally {
        for (const t of made) t.dispose();
      }
    }
    getConfig() {
      // Hex: tfjs rewrites string values of a custom config between camelCase and snake_case.
      return { ...super.getConfig(), op: Buffer.from(JSON.stringify(this.op)).toString('hex') };
    }
    static fromConfig(cls, config) {
      return new cls({ ...config, op: JSON.parse(Buffer.from(config.op, 'hex').toString()) });
    }
  }
  class Weight extends tf.layers.Layer {
    static className = 'TwinWeight';
    constructor(args) {
      super(args);
      this.spec = { weightName: args.weightName, shape: args.shape, trainableWeight: args.trainableWeight, initializer: args.initializer };
    }
    build() {
      const s = this.spec;
      this.w = this.addWeight(s.weightName, s.shape, 'float32', s.initializer, undefined, s.trainableWeight);
      this.built = true;
    }
    computeOutputShape() {
      return this.spec.shape;
    }
    computeMask() {
      return null;
    }
    call() {
      return tf.clone(this.w.read());
    }
    getConfig() {
      const { initializer: _i, ...rest } = this.spec;
      return { ...super.getConfig(), ...rest };
    }
  }
  tf.serialization.registerClass(Op);
  tf.serialization.registerClass(Weight);
  classes.set(tf, { Op, Weight });
  return classes.get(tf);
}

/** A tfjs layer of a class, from its config (as loading a saved model makes it). */
function layer(tf, className, config) {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[className];
  return fromConfig(cls, config);
}

/** A layer running one kernel; \`inputs\` maps each kernel input to an argument index or a constant. */
function op(tf, kernel, attrs, inputs, outputs, arrayInputs = false) {
  return new (classesFor(tf).Op)({ op: { kernel, attrs, inputs, outputs, arrayInputs } });
}

/** A layer holding one weight and returning its value. */
function weight(tf, name, shape, trainableWeight, initializer) {
  const init =
    initializer === undefined
      ? tf.initializers.zeros()
      : typeof initializer.apply === 'function'
        ? initializer
        : layer(tf, initializer.className, initializer.config);
  return new (classesFor(tf).Weight)({ name, weightName: 'value', shape, trainableWeight, initializer: init });
}

export default {
  name: ${literal(`${mod.name}-twin`)},
  inputs: ${literal(mod.inputs)},
  subclass: layerModule.layer,
  functional: ({ tf, init }) => {
${shapes.join('\n')}
${body.join('\n')}
    return tf.model({ inputs: [${inputs.join(', ')}], outputs: [${outs.join(', ')}] });
  },
};
`;
}
