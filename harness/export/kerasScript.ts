import type { KerasModel } from '../reference/keras/translateSpec';
import type { KerasOptimizer } from '../reference/keras/translateOptimizer';
import type { ReferenceTolerance } from '../reference/ReferenceResult';
import type { TensorData } from '../runtime/tensorData';
import { embedTensor } from './embedTensor';
import type { ReferenceValue } from './referenceFinding';

/** Python functions the translation names by tag (`__activation__`), as tools/keras/keras_reference.py defines them. */
const SPECIAL_ACTIVATIONS: Record<string, string> = {
  tfjs_hard_sigmoid: `def tfjs_hard_sigmoid(x):
    """tfjs's hardSigmoid, clip(0.2 x + 0.5, 0, 1) (Keras 3's hard_sigmoid is relu6(x + 3) / 6)."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)`,
  gelu_tanh: `def gelu_tanh(x):
    """tfjs's gelu_new: Keras's gelu with the tanh approximation."""
    return keras.activations.gelu(x, approximate=True)`,
};

/** Keras's loss functions by the harness's loss names (tools/keras/keras_reference.py's LOSSES). */
const LOSSES: Record<string, string> = {
  meanSquaredError: 'keras.losses.mean_squared_error',
  meanAbsoluteError: 'keras.losses.mean_absolute_error',
  categoricalCrossentropy: 'keras.losses.categorical_crossentropy',
  binaryCrossentropy: 'keras.losses.binary_crossentropy',
  huberLoss: 'lambda t, p: keras.losses.huber(t, p, delta=1.0)',
};

/** A JSON value as a Python expression; the translation's tagged objects become Keras objects. */
function py(value: unknown, used: Set<string>, float = false): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'float("nan")' : `float("${value > 0 ? 'inf' : '-inf'}")`;
    // Keras refuses an int where it wants a float hyperparameter (momentum 0): optimizer values are floats.
    return float && Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => py(v, used, float)).join(', ')}]`;
  const o = value as Record<string, unknown>;
  if ('__regularizer__' in o) {
    const r = o.__regularizer__ as { l1?: number; l2?: number };
    return `keras.regularizers.L1L2(l1=${py(r.l1 ?? 0, used, true)}, l2=${py(r.l2 ?? 0, used, true)})`;
  }
  if ('__activation__' in o) {
    const a = o.__activation__ as string;
    if (a in SPECIAL_ACTIVATIONS) {
      used.add(a);
      return a;
    }
    return JSON.stringify(a);
  }
  if ('__constraint__' in o) {
    // As keras_reference.py builds it: the named keras.constraints class, numbers as floats except the axis.
    const { __constraint__: name, ...args } = o;
    const list = Object.entries(args).map(([k, v]) => `${k}=${py(v, used, k !== 'axis')}`);
    return `keras.constraints.${String(name)}(${list.join(', ')})`;
  }
  if ('__layer__' in o) return layerExpr(o.__layer__ as { class: string; config?: Record<string, unknown> }, used);
  return `{${Object.entries(o)
    .map(([k, v]) => `${JSON.stringify(k)}: ${py(v, used, float)}`)
    .join(', ')}}`;
}

/** Keyword arguments: `name=value`, or `**{…}` for keys that are not Python identifiers. */
function kwargs(config: Record<string, unknown>, used: Set<string>, float = false): string {
  const entries = Object.entries(config).filter(([, v]) => v !== undefined);
  if (entries.every(([k]) => /^[A-Za-z_]\w*$/.test(k)))
    return entries.map(([k, v]) => `${k}=${py(v, used, float)}`).join(', ');
  return `**${py(Object.fromEntries(entries), used, float)}`;
}

function layerExpr(desc: { class: string; config?: Record<string, unknown> }, used: Set<string>): string {
  return `keras.layers.${desc.class}(${kwargs(desc.config ?? {}, used)})`;
}

const pyTensor = (t: TensorData) => JSON.stringify(embedTensor(t.dtype, t.shape, t.values));
const key = (s: string) => JSON.stringify(s);

/** The Keras model as Python functions, one per (nested) model: build, link each Keras weight to its tfjs key. */
function modelCode(model: KerasModel, used: Set<string>): string {
  const fns: string[] = [];
  let next = 0;
  const emit = (m: KerasModel): number => {
    const k = next++;
    const lines: string[] = [];
    for (const i of m.inputs)
      lines.push(
        `    s[${key(i.id)}] = keras.Input(shape=(${i.shape.map((d) => py(d, used)).join(', ')}${i.shape.length === 1 ? ',' : ''}), dtype=${key(i.dtype)}, name=${key(i.id)} if name is None else name + ${key('_' + i.id)})`,
      );
    for (const l of m.layers) {
      if (l.class === '__block__') {
        const j = emit(l.model!);
        lines.push(`    L[${key(l.id)}], inner, _ = model_${j}(${key(l.id)})`, '    links += inner');
      } else {
        lines.push(`    L[${key(l.id)}] = ${layerExpr(l, used)}`);
        const ws = l.weights.map((w) => `(${key(w.name)}, ${w.nth}, ${key(w.key)})`);
        lines.push(`    links.append((L[${key(l.id)}], [${ws.join(', ')}]))`);
      }
      if (l.trainable === false) lines.push(`    L[${key(l.id)}].trainable = False`);
    }
    for (const n of m.nodes) {
      const args = n.inputs.map((r) => `s[${key(r)}]`);
      lines.push(`    s[${key(n.id)}] = L[${key(n.layer)}](${args.length === 1 ? args[0] : `[${args.join(', ')}]`})`);
    }
    const ins = m.inputs.map((i) => `s[${key(i.id)}]`);
    const outs = m.outputs.map((o) => `s[${key(o)}]`);
    // As keras_reference.py builds it: the case's model takes lists; a nested single-input/-output model, tensors.
    const arg = (xs: string[]) => (xs.length === 1 ? `[${xs[0]}] if name is None else ${xs[0]}` : `[${xs.join(', ')}]`);
    fns.push(`def model_${k}(name=None):
    """${k === 0 ? "The case's model" : `Nested block ${k}`} in Keras 3, and its weights' links: (layer, [(Keras weight name, nth of that name, tfjs key)]), and every node's tensor."""
    s, L, links = {}, {}, []
${lines.join('\n')}
    model = keras.Model(${arg(ins)}, ${arg(outs)}, name=name)
    return model, links, s
`);
    return k;
  };
  emit(model);
  return fns.reverse().join('\n\n');
}

/** What the Python script computes, as code that leaves it in `value`. */
function valueCode(value: ReferenceValue, steps: number): string {
  switch (value.kind) {
    case 'output':
      return `value = as_list(model(arg, training=False))[${value.index}]`;
    case 'activation':
      return `value = keras.Model(model.inputs, symbols[${key(value.node)}])(arg, training=False)`;
    default: {
      const pick =
        value.kind === 'loss'
          ? value.part === 'data'
            ? 'data'
            : 'reg if reg is not None else np.float32(0)'
          : value.kind === 'gradient'
            ? `grads[[k for k, _ in trainable].index(${key(value.key)})]`
            : `by_key[${key(value.key)}]`;
      const afterStep = value.kind === 'weight';
      return `# The custom loop, as parity-check's reference runs it: data loss + model.losses in training mode, one optimizer step.
trainable = [(k, v) for k, v in sorted(by_key.items()) if v.trainable]
variables = [v for _, v in trainable]
optimizer.build(variables)
for step in range(1, ${Math.min(value.step, steps)} + 1):
    with tf.GradientTape() as tape:
        preds = as_list(model(arg, training=True))
        data = sum(keras.ops.mean(loss_fn(y, p)) for y, p in zip(ys, preds))
        reg = sum(model.losses) if model.losses else None
        total = data + reg if reg is not None else data
    grads = tape.gradient(total, variables)
${afterStep ? '' : `    value = ${pick}\n`}    optimizer.apply_gradients([(g, v) for g, v in zip(grads, variables) if g is not None])
${afterStep ? `    value = ${pick}\n` : ''}`;
    }
  }
}

/** What the Python twin of a reference script needs. */
export interface KerasScriptInput {
  caseName: string;
  jsFile: string;
  model: KerasModel;
  inputs: TensorData[];
  targets: TensorData[];
  weights: Map<string, TensorData>;
  loss: string;
  optimizer: KerasOptimizer;
  steps: number;
  value: ReferenceValue;
  what: string;
  keras: TensorData;
  /** The finding's phase's tolerance and the least scale a tensor is compared at. */
  tolerance: ReferenceTolerance & { scale: number };
  versions: { keras: string; tensorflow: string };
}

/**
 * The Python script beside a reference script (`NAME.keras.py`): with
 * keras and numpy alone (tensorflow too when the value needs a gradient
 * tape), it builds the case's model in Keras 3 as the reference built it —
 * the translation's classes and configs written out as constructor calls —
 * copies the same embedded initial weights, computes the same value, and
 * compares it with the value the tfjs script embeds as Keras's, so an
 * upstream maintainer can check those numbers without parity-check. Exit 0
 * when Keras computes them again (within the reference tolerance: another
 * Keras or TensorFlow build may round differently), 1 otherwise.
 */
export function kerasScript(i: KerasScriptInput): string {
  const used = new Set<string>();
  const models = modelCode(i.model, used);
  const train = i.value.kind !== 'output' && i.value.kind !== 'activation';
  const optimizer = `keras.optimizers.${i.optimizer.class}(${kwargs(i.optimizer.config, used, true)})`;
  return `"""Keras 3's side of a parity-check reference finding: case '${i.caseName}'.

The case found: ${i.what}.
${i.jsFile} embeds Keras 3's value there (computed by parity-check's Keras reference process with
Keras ${i.versions.keras} on TensorFlow ${i.versions.tensorflow}) and compares tfjs's with it. This script recomputes
that value with Keras alone, from the same initial weights and inputs${train ? ' (and targets)' : ''}, and compares it with the
embedded numbers: exit 0 when Keras computes them again within the case's reference tolerance
(rtol ${i.tolerance.rtol}, atol = rtol × ${i.tolerance.scale}, the scale parity-check compared it at: another Keras/TensorFlow build may round differently), 1 otherwise.
The model is parity-check's translation of the spec (tfjs's defaults written out where Keras's differ).
Run: pip install keras==${i.versions.keras} tensorflow-cpu==${i.versions.tensorflow} && python ${i.jsFile.replace(/\.m?js$/, '')}.keras.py
"""

import base64
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import keras  # noqa: E402
${train ? 'import tensorflow as tf  # noqa: E402  (the gradient tape of the tensorflow backend)\n' : ''}

def decode(t):
    """An embedded tensor: base64 of its little-endian float32/int32 bytes (exact)."""
    raw = base64.b64decode(t["data"])
    return np.frombuffer(raw, dtype=np.dtype(t["dtype"]).newbyteorder("<")).reshape(t["shape"]).copy()


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


INPUTS = [
${i.inputs.map((t) => `    ${pyTensor(t)},`).join('\n')}
]
TARGETS = [
${i.targets.map((t) => `    ${pyTensor(t)},`).join('\n')}
]
# Initial weights by tfjs structural key (layer id / weight name).
WEIGHTS = {
${[...i.weights].map(([k, t]) => `    ${key(k)}: ${pyTensor(t)},`).join('\n')}
}
# Keras's value as the tfjs script embeds it.
EXPECTED = ${pyTensor(i.keras)}
ATOL, RTOL, SCALE = ${i.tolerance.atol}, ${i.tolerance.rtol}, ${i.tolerance.scale}
${[...used].map((a) => `\n\n${SPECIAL_ACTIVATIONS[a]}`).join('')}


${models}

def assign(links):
    """Copies each tfjs weight into the Keras weight it is linked to; every Keras weight must get one of the same shape."""
    by_key = {}
    for layer, ws in links:
        taken = set()
        for name, nth, key in ws:
            v = [w for w in layer.weights if w.name == name][nth]
            value = decode(WEIGHTS[key])
            assert tuple(v.shape) == value.shape, f"{key}: tfjs shape {value.shape}, Keras {v.path} {tuple(v.shape)}"
            v.assign(value)
            taken.add(id(v))
            by_key[key] = v
        missing = [w.path for w in layer.weights if id(w) not in taken]
        assert not missing, f"Keras weights with no tfjs counterpart: {missing}"
    return by_key


model, links, symbols = model_0()
by_key = assign(links)
xs = [decode(t) for t in INPUTS]
ys = [decode(t) for t in TARGETS]
arg = xs  # the model takes a list of inputs, as it was built
loss_fn = ${LOSSES[i.loss] ?? `None  # unknown loss ${i.loss}`}
optimizer = ${optimizer}
${valueCode(i.value, i.steps)}
value = np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float32)
expected = decode(EXPECTED)
print(f"Keras {keras.__version__} (backend {keras.backend.backend()})")
if value.shape != expected.shape:
    print(f"shapes differ: Keras now {list(value.shape)}, embedded {list(expected.shape)}")
    raise SystemExit(1)
# atol scales with the tensors parity-check compared beside this one (SCALE), or with this one if larger.
finite = np.concatenate([np.abs(value[np.isfinite(value)]), np.abs(expected[np.isfinite(expected)]), [SCALE]])
atol = max(ATOL, RTOL * float(np.max(finite)))
close = np.abs(value - expected) <= atol + RTOL * np.maximum(np.abs(value), np.abs(expected))
close |= np.isnan(value) & np.isnan(expected)
print(f"greatest absolute difference from the embedded value: {float(np.max(np.abs(value - expected), initial=0)):.3e}")
print("Keras computes the embedded value." if close.all() else f"Keras now differs from the embedded value at {int((~close).sum())} of {close.size} elements.")
raise SystemExit(0 if close.all() else 1)
`;
}
