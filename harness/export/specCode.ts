import type { Tf } from '../runtime/tf';
import { catalogue } from '../architecture/catalogue';
import { executionOrder } from '../architecture/executionOrder';
import { allLayers } from '../architecture/nestedSpecs';
import { inferShapes } from '../architecture/inferShapes';
import type { LayerSpec, ModelSpec } from '../architecture/types';
import { seededInitializer } from '../construct/seededInitializer';
import { seedFor } from '../runtime/seedFor';
import { nodeOf, outputIndexOf, outputRef } from '../architecture/valueRef';
import { Code, codeOf, literal } from './codeOf';
import { penalizedScale, penalizedScaleArgs } from '../architecture/catalogue/penalizedScale';
import { PENALIZED_SCALE_SOURCE } from './penalizedScaleSource';

/** `.id` when `id` is an identifier, else `["id"]`: node and layer ids become readable property accesses. */
const prop = (id: string) => (/^[A-Za-z_$][\w$]*$/.test(id) ? `.${id}` : `[${JSON.stringify(id)}]`);

/**
 * The constructor call of one spec layer, as source: the catalogue entry's
 * own `create` run against {@link codeOf}, with the same seeds as
 * `makeLayer` (so the same initializers, dropout seeds and names). A nested
 * block is written through `nested`, which returns the expression that
 * builds it on the side at hand.
 */
function layerCall(layer: LayerSpec, caseSeed: number, nested: (spec: ModelSpec, seed: number, name: string) => Code) {
  const kind = catalogue.get(layer.kind)!;
  const tf = codeOf<Tf>('tf');
  const ctx = {
    tf,
    name: layer.id,
    config: kind.config.parse(layer.config ?? {}),
    init: (param: string, name: string | undefined, fallback: string) =>
      seededInitializer(tf, name ?? fallback, seedFor(caseSeed, layer.id, param)),
    seed: (param: string) => seedFor(caseSeed, layer.id, param),
    nested: (spec: ModelSpec, name: string) => nested(spec, seedFor(caseSeed, layer.id, 'block'), name) as never,
  };
  // parity-check's own class is not tfjs's: the script carries its source (PENALIZED_SCALE_SOURCE) and constructs
  // it with the arguments the catalogue gives it.
  const text =
    layer.kind === 'penalizedScale'
      ? `new PenalizedScale(${literal(penalizedScaleArgs({ ...ctx, config: penalizedScale.config.parse(layer.config ?? {}) }))})`
      : literal(kind.create(ctx));
  return layer.trainable === false ? `frozen(${text})` : text;
}

/**
 * Readable source for both constructions of a spec (and of every nested
 * block in it): a `layers<k>(side)` factory with one constructor call per
 * spec layer, a `functional<k>()` that applies them to `tf.input`s and
 * returns `tf.model`, and a `Subclass<k>` that extends `tf.layers.Layer`,
 * holds the same layers and applies them imperatively in `call()` — in the
 * order tfjs's functional executor runs them, forwarding `training` and
 * masks, exposing every sublayer's weights and losses, as the harness's
 * `SpecSubclass` does. Block 0 is the case's own spec. `functionalOnly`
 * writes the functional construction alone (a reference script compares
 * the functional model with Keras, as `--reference keras` does).
 */
export function specCode(spec: ModelSpec, caseSeed: number, options: { functionalOnly?: boolean } = {}): string {
  const parts: string[] = [];
  let next = 0;
  const emit = (s: ModelSpec, seed: number): number => {
    const k = next++;
    const nested = (inner: ModelSpec, innerSeed: number, name: string) => {
      const j = emit(inner, innerSeed);
      return new Code(
        `(side === 'functional' ? functional${j}(${JSON.stringify(name)}) : new Subclass${j}({ name: ${JSON.stringify(name)} }))`,
      );
    };
    const calls = s.layers.map((l) => `    ${JSON.stringify(l.id)}: ${layerCall(l, seed, nested)},`);
    const { symbolic } = inferShapes(s);
    // The written subclass declares its output shapes. Where shape inference stops before an output (tfjs rejects
    // the model at its first call: an activity regularizer), there is none to declare: the call throws first.
    const outShapes = s.outputs.map((o) => {
      const shape = symbolic.get(o);
      return shape === undefined ? null : [null, ...shape];
    });
    // A node whose layer returns several tensors (returnState, a block with several outputs) gives `n`, `n:1`, …:
    // such nodes store every output under its reference, as both of the harness's builders do.
    const several = new Set(
      [...s.nodes.flatMap((n) => n.inputs), ...s.outputs].filter((r) => outputIndexOf(r) > 0).map(nodeOf),
    );
    for (const n of s.nodes) if (symbolic.has(outputRef(n.id, 1))) several.add(n.id);
    // A fixed batch (a stateful RNN's) goes in as tfjs takes it, and as the harness's builders give it: the batchShape.
    const inputs = s.inputs.map((i) =>
      i.batchSize === undefined
        ? { shape: i.shape, dtype: i.dtype ?? 'float32' }
        : { batchShape: [i.batchSize, ...i.shape], dtype: i.dtype ?? 'float32' },
    );
    const stateful = s.layers.some((l) => l.config?.stateful === true);
    const applyFunctional = s.nodes.map((n) => {
      const args = n.inputs.map((r) => `t${prop(r)}`);
      const call = `L${prop(n.layer)}.apply(${args.length === 1 ? args[0] : `[${args.join(', ')}]`})`;
      return several.has(n.id)
        ? `  outputsOf(t, null, ${JSON.stringify(n.id)}, [${call}, null]);`
        : `  t${prop(n.id)} = ${call};`;
    });
    const applySubclass = executionOrder(s).map((n) => {
      const call = `applyNode(this.sublayers${prop(n.layer)}, [${n.inputs.map((r) => `t${prop(r)}`).join(', ')}], [${n.inputs.map((r) => `m${prop(r)}`).join(', ')}], kwargs, symbolic)`;
      return several.has(n.id)
        ? `    outputsOf(t, m, ${JSON.stringify(n.id)}, ${call});`
        : `    [t${prop(n.id)}, m${prop(n.id)}] = ${call};`;
    });
    if (several.size > 0) helpers.add(OUTPUTS_OF);
    const outs = s.outputs.map((o) => `t${prop(o)}`);
    const subclass = `/** The subclass construction: a tf.layers.Layer that holds the layers and applies them in call(). */
class Subclass${k} extends tf.layers.Layer {
  static className = 'ExportedSubclass${k}';
  constructor(args = {}) {
    super({ name: args.name ?? 'subclass' });
    this.sublayers = layers${k}('subclass');
  }

  build(inputShape) {
    // Build every sublayer inside its own apply() (its own name scope) by tracing once.
    const shapes = Array.isArray(inputShape[0]) ? inputShape : [inputShape];
    const inputs = ${literal(inputs)};
    if (shapes[0][0] == null) {
      const xs = inputs.map((i) => tf.input(i));
      this.call(xs.length === 1 ? xs[0] : xs, {});
    } else {
      tf.tidy(() => {
        const zeros = inputs.map((i, n) => tf.zeros(shapes[n].map((d, k) => d ?? (k === 0 ? shapes[0][0] : 1)), i.dtype));
        this.call(zeros.length === 1 ? zeros[0] : zeros, {});
      });${
        stateful
          ? `
      // The trace moved every stateful RNN's state, where building the functional model moves none: both start from
      // zeros, as a user's fresh model does (the harness resets them here too).
      for (const l of Object.values(this.sublayers)) if (l.stateful) l.resetStates();`
          : ''
      }
    }
    super.build(inputShape);
  }

  call(inputs, kwargs) {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const symbolic = xs[0] instanceof tf.SymbolicTensor;
    // Eagerly, everything but the outputs is freed.
    return symbolic ? this.run(xs, kwargs, true) : tf.tidy(() => this.run(xs, kwargs, false));
  }

  run(xs, kwargs, symbolic) {
    const t = {};
    const m = {};
    const incoming = kwargs.mask == null ? [] : Array.isArray(kwargs.mask) ? kwargs.mask : [kwargs.mask];
${s.inputs.map((i, n) => `    t${prop(i.id)} = xs[${n}];\n    m${prop(i.id)} = incoming[${n}] ?? null;`).join('\n')}
    // In the order tfjs's functional executor runs the nodes (gradients from two consumers are summed in that order).
${applySubclass.join('\n')}
    return ${outs.length === 1 ? outs[0] : `[${outs.join(', ')}]`};
  }

  computeOutputShape() {${outShapes.includes(null) ? '\n    // null: shape inference stops before this output (tfjs refuses the model at its first call).' : ''}
    return ${literal(outShapes.length === 1 ? outShapes[0] : outShapes)};
  }

  get trainableWeights() {
    return this.trainable ? Object.values(this.sublayers).flatMap((l) => l.trainableWeights) : [];
  }

  get nonTrainableWeights() {
    const all = Object.values(this.sublayers);
    return this.trainable ? all.flatMap((l) => l.nonTrainableWeights) : all.flatMap((l) => l.weights);
  }

  calculateLosses() {
    return Object.values(this.sublayers).flatMap((l) => l.calculateLosses());
  }
}
tf.serialization.registerClass(Subclass${k});
`;
    parts.push(`// ---- ${k === 0 ? `spec '${s.name}'` : `nested block ${k} (spec '${s.name}')`}
/** One layer per spec layer (a shared layer is ONE instance, applied once per node). */
function layers${k}(side) {
  return {
${calls.join('\n')}
  };
}

/** The functional construction: tf.input, the layers applied in the spec's node order, tf.model. */
function functional${k}(name = 'functional') {
  const L = layers${k}('functional');
  const t = {};
${s.inputs.map((i, n) => `  t${prop(i.id)} = tf.input({ ${i.batchSize === undefined ? `shape: ${literal(i.shape)}` : `batchShape: ${literal([i.batchSize, ...i.shape])}`}, dtype: '${inputs[n].dtype}', name: name === 'functional' ? ${JSON.stringify(i.id)} : name + ${JSON.stringify('_' + i.id)} });`).join('\n')}
${applyFunctional.join('\n')}
  return tf.model({ inputs: [${s.inputs.map((i) => `t${prop(i.id)}`).join(', ')}], outputs: [${outs.join(', ')}], name });
}

${options.functionalOnly ? '' : subclass}`);
    return k;
  };
  const helpers = new Set<string>();
  if (allLayers(spec).some((l) => l.kind === 'penalizedScale')) helpers.add(PENALIZED_SCALE_SOURCE);
  emit(spec, caseSeed);
  return [...helpers, ...parts].join('\n');
}

/** Stores every output of a node that returns several tensors under its reference (`n`, `n:1`, …), with its mask. */
const OUTPUTS_OF = String.raw`/** Every output of a node that returns several tensors, under its reference: \`n\`, \`n:1\`, … (masks alike). */
function outputsOf(t, m, id, [out, mask]) {
  (Array.isArray(out) ? out : [out]).forEach((value, k) => {
    const ref = k === 0 ? id : id + ':' + k;
    t[ref] = value;
    if (m) m[ref] = (Array.isArray(mask) ? mask[k] : k === 0 ? mask : null) ?? null;
  });
}
`;

/** Script helpers the generated constructions use. */
export const CONSTRUCTION_HELPERS = String.raw`
/** A frozen spec layer (trainable: false), as on both sides in the harness. */
function frozen(layer) {
  layer.trainable = false;
  return layer;
}

/** One node of the subclass: masks travel with their tensors, as the functional executor would carry them. */
function applyNode(layer, args, masks, kwargs, symbolic) {
  const callArgs = kwargs.training !== undefined ? { training: kwargs.training } : {};
  if (masks.some((m) => m !== null)) callArgs.mask = masks.length === 1 ? masks[0] : masks;
  const input = args.length === 1 ? args[0] : args;
  const out = layer.apply(input, callArgs);
  const mask = layer.supportsMasking && !symbolic ? layer.computeMask(input, callArgs.mask) : null;
  return [out, mask ?? null];
}
`;
