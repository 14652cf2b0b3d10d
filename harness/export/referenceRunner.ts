/**
 * The part of an exported reference script that runs it (plain JavaScript,
 * as text): the tfjs functional model given the case's initial weights by
 * structural key, the one value the finding is about computed as the
 * harness's reference step computes it (inference outputs or a node's
 * activation; else the custom loop — `training: true`, data loss plus the
 * model's regularization losses, gradients over the trainable weights in
 * key order, one optimizer — up to the finding's step), and that value
 * compared with Keras 3's, embedded, under the case's reference tolerance
 * |tfjs − keras| ≤ atol + rtol · max(|tfjs|, |keras|). Exits 1 while tfjs
 * differs beyond it, 0 once it agrees. Every tensor it makes is freed.
 *
 * Globals it expects from the script: tf, BACKEND, FINDING, TOLERANCE,
 * LAYER_IDS, INPUTS, TARGETS, WEIGHTS, KERAS, functional0(), makeOptimizer(),
 * dataLoss(), decode(), indexOf().
 */
export const REFERENCE_RUNNER = String.raw`
const list = (t) => (Array.isArray(t) ? t : [t]);
const read = (t) => ({ shape: t.shape, values: t.dataSync().slice() });

/** An embedded value's numbers without making a tensor (Keras's value is only compared). */
function embeddedValues({ dtype, shape, data }) {
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  return { shape, values: dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer) };
}

/** Structural keys of the functional model's weights (layer id / the weight's name below the layer's own scope). */
function weightKeys(prefix, layer, into) {
  if (layer instanceof tf.LayersModel) {
    for (const inner of layer.layers) if (inner.getClassName() !== 'InputLayer') weightKeys(prefix + '/' + inner.name, inner, into);
    return;
  }
  const used = new Set();
  for (const w of layer.weights) {
    const parts = w.originalName.split('/');
    const own = parts.length < 2 ? -1 : parts.lastIndexOf(layer.name, parts.length - 2);
    const param = own < 0 ? parts[parts.length - 1] : parts.slice(own + 1).join('/');
    let key = prefix + '/' + param;
    for (let i = 1; used.has(key); i++) key = prefix + '/' + param + '#' + i;
    used.add(key);
    into[key] = w;
  }
}

/** Compares tfjs's value with Keras's under the reference tolerance; prints it in the harness's words. */
function differs(what, a, b) {
  console.log(what + ':');
  if (a.shape.join() !== b.shape.join()) {
    console.log('  shapes differ: tfjs [' + a.shape + '], keras [' + b.shape + ']');
    return true;
  }
  // atol scales with the tensors compared beside this one (TOLERANCE.scale, the harness's), or with this one if
  // larger: rounding in a sum is relative to the terms summed, so a value that cancels to near zero keeps an error
  // of that scale.
  let scale = TOLERANCE.scale;
  for (const v of [...a.values, ...b.values]) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const atol = Math.max(TOLERANCE.atol, TOLERANCE.rtol * scale);
  let count = 0, first = -1, maxAbs = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i], y = b.values[i];
    if (Number.isFinite(x) && Number.isFinite(y)) maxAbs = Math.max(maxAbs, Math.abs(x - y));
    const ok = x === y || (Number.isNaN(x) && Number.isNaN(y)) ||
      (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= atol + TOLERANCE.rtol * Math.max(Math.abs(x), Math.abs(y)));
    if (ok) continue;
    count++;
    if (first < 0) first = i;
  }
  const allowed = '(allowed: atol ' + atol.toExponential(3) + ' = rtol × scale ' + scale.toExponential(3) + ', rtol ' + TOLERANCE.rtol + ')';
  if (count === 0) {
    console.log('  tfjs agrees with Keras 3: greatest absolute difference ' + maxAbs.toExponential(3) + ' ' + allowed);
    return false;
  }
  console.log(
    '  mismatched elements: ' + count + ' / ' + a.values.length + ' (' + ((100 * count) / a.values.length).toFixed(1) + '%)' +
      ' · greatest absolute difference ' + maxAbs.toExponential(3) +
      ' · first at ' + indexOf(first, a.shape) + ': tfjs ' + a.values[first] + ', keras ' + b.values[first] + ' ' + allowed,
  );
  return true;
}

if (!(await tf.setBackend(BACKEND))) throw new Error('backend ' + BACKEND + ' is not available here');
await tf.ready();
const tensorsAtStart = tf.memory().numTensors;
console.log('parity-check reference repro on ' + tf.getBackend() + ' (tfjs ' + tf.version.tfjs + ') vs Keras 3 (embedded)');
const model = functional0();
const weights = {};
for (const id of LAYER_IDS) weightKeys(id, model.getLayer(id), weights);
for (const [key, w] of Object.entries(weights)) {
  if (!(key in WEIGHTS)) throw new Error('no initial value embedded for weight ' + key);
  const t = decode(WEIGHTS[key]);
  w.read().assign(t);
  t.dispose();
}
const missing = Object.keys(WEIGHTS).filter((k) => !(k in weights));
if (missing.length > 0) throw new Error('embedded weights with no variable: ' + missing.join(', '));
const inputs = INPUTS.map(decode);
const targets = TARGETS.map(decode);
const x = inputs.length === 1 ? inputs[0] : inputs;

let value;
let what;
if (FINDING.kind === 'output') {
  what = 'forward: output ' + FINDING.index + ' (inference)';
  value = tf.tidy(() => read(list(model.apply(x, { training: false }))[FINDING.index]));
} else if (FINDING.kind === 'activation') {
  // The node's output: the nth application of its layer is the layer's nth inbound node.
  what = "forward: node '" + FINDING.node + "' (layer '" + FINDING.layer + "', inference)";
  const probe = tf.model({ inputs: model.inputs, outputs: list(model.getLayer(FINDING.layer).getOutputAt(FINDING.application))[0] });
  value = tf.tidy(() => read(probe.apply(x, { training: false })));
} else {
  // The custom loop, as the harness's reference step runs it on the tfjs functional model.
  const optimizer = makeOptimizer();
  const trainable = new Set(model.trainableWeights.map((w) => w.name));
  const order = Object.keys(weights).filter((k) => trainable.has(weights[k].name)).sort();
  const vars = order.map((k) => weights[k].read());
  for (let step = 1; step <= FINDING.step; step++) {
    let parts;
    const { value: total, grads } = tf.variableGrads(() => {
      const y = list(model.apply(x, { training: true }));
      const reg = model.calculateLosses();
      const d = dataLoss(targets, y);
      const r = reg.length > 0 ? tf.addN(reg) : null;
      parts = { data: read(d), regularization: r ? read(r) : { shape: [], values: Float32Array.of(0) } };
      return r ? tf.add(d, r) : d;
    }, vars);
    if (step === FINDING.step && FINDING.kind === 'loss') value = parts[FINDING.part];
    if (step === FINDING.step && FINDING.kind === 'gradient') {
      const g = grads[weights[FINDING.key].read().name];
      if (!g) throw new Error('tfjs computes no gradient for ' + FINDING.key);
      value = read(g);
    }
    optimizer.applyGradients(order.filter((k) => grads[weights[k].read().name]).map((k) => ({ name: weights[k].read().name, tensor: grads[weights[k].read().name] })));
    tf.dispose([total, ...Object.values(grads)]);
    if (step === FINDING.step && FINDING.kind === 'weight') value = read(weights[FINDING.key].read());
  }
  optimizer.dispose();
  what = FINDING.kind === 'loss' ? 'loss: ' + FINDING.part + ' loss at step ' + FINDING.step : FINDING.kind + ' ' + FINDING.key + (FINDING.kind === 'weight' ? ' after step ' : ' at step ') + FINDING.step;
}
const found = differs(what, value, embeddedValues(KERAS));
model.dispose();
tf.dispose([...inputs, ...targets]);
for (const v of Object.values(tf.engine().state.registeredVariables)) v.dispose();
const left = tf.memory().numTensors - tensorsAtStart;
if (left !== 0) console.log('(tfjs left ' + left + ' tensors alive)');
console.log(found ? 'FOUND at ' + FINDING.checkpoint + ': tfjs differs from Keras 3 beyond the reference tolerance.' : 'tfjs agrees with Keras 3 at ' + FINDING.checkpoint + ' within the reference tolerance: the behaviour is gone.');
process.exit(found ? 1 : 0);
`;
