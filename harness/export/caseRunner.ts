import { SEED_RANDOM } from './seedRandomSource';

/**
 * The part of an exported case script that runs it (plain JavaScript, as
 * text): the harness's checkpoints in the harness's order, on both
 * constructions, stopping at the first checkpoint where the sides differ
 * or a side throws — printing both values — and never running past the
 * checkpoint the finding names (`TARGET`). It follows the user's path the
 * harness follows: a warm-up call before reading weights, one optimizer per
 * side over the trainable weights in key order, a fresh unbuilt pair for
 * `fit`, a fresh built pair for `dispose`. Every tensor it makes is freed.
 *
 * Unseeded randomness (a dropout without a seed draws from `Math.random`)
 * is reseeded before each side at each checkpoint, as the harness does,
 * with the harness's own generator and labels: both sides see the same
 * stream, and it is the stream the harness's run drew (the same masks).
 *
 * What building and the first call leave alive besides the variables is
 * counted on each side, as the harness counts it (a `resources` finding at
 * `build`). A spec's `trainableSchedule` is followed: `layer.trainable` is
 * set on both sides before the steps the harness sets it. A stateful RNN's
 * states are compared after every call as the harness compares them, and
 * the script's own calls move none (the reload's original is called from
 * zero states, as tfjs reloads it, and its states are put back).
 *
 * Globals it expects from the script: tf, SEED, BACKEND, TARGET, STEPS, BATCH,
 * INPUTS, TARGETS, WEIGHTS (null: keep the seeded initial weights), LAYER_IDS,
 * SCHEDULE, RELOAD, FIT, makeSides(), makeOptimizer(), dataLoss(), COMPILE_LOSS.
 */
export const CASE_RUNNER = String.raw`
const RANK = { build: 0, init: 1, forward: 2, 'forward-training': 3, loss: 4, gradients: 5, reload: 1e6, fit: 1e6 + 1, dispose: 1e6 + 2 };
const rank = (cp) => RANK[cp] ?? 5 + Number(/^step-(\d+)$/.exec(cp)[1]);
const runs = (cp) => rank(cp) <= rank(TARGET);
const SIDES = ['subclass', 'functional'];
const list = (t) => (Array.isArray(t) ? t : [t]);
const message = (e) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

${SEED_RANDOM}

/** Ends the script: 1 while the behaviour shows, 0 once it is gone. */
function finish(found, what) {
  // Everything the case made, whatever tfjs kept (an RNN's dropout masks) or a failing gradient left behind.
  engine.trackTensor = track;
  const kept = made.filter((t) => !t.isDisposed);
  tf.dispose(kept);
  if (kept.length > 0) console.log('(tfjs left ' + kept.length + ' tensors alive along the way; freed)');
  tf.dispose([...inputs, ...targets]);
  for (const v of Object.values(tf.engine().state.registeredVariables)) v.dispose();
  const left = tf.memory().numTensors - tensorsAtStart;
  if (left !== 0) console.log('(the script left ' + left + ' tensors alive)');
  console.log(found ? 'FOUND at ' + what + ': the behaviour is present.' : 'No difference up to ' + TARGET + ': the behaviour is gone.');
  process.exit(found ? 1 : 0);
}

/**
 * Runs f on each side, Math.random seeded with the label before each (the checkpoint's name unless the harness seeds
 * it otherwise); when a side throws, prints what each side threw and ends (a finding, even if both agree).
 */
function onBoth(cp, f, label = cp) {
  const out = {};
  const errors = {};
  for (const s of SIDES) {
    seedRandom(label);
    try {
      out[s] = f(s);
    } catch (e) {
      errors[s] = message(e);
    }
  }
  if (Object.keys(errors).length === 0) return out;
  console.log(cp + ':');
  for (const s of SIDES) console.log('  ' + s + ': ' + (s in errors ? 'threw: ' + errors[s] : 'ran'));
  if (errors.subclass !== undefined && errors.subclass === errors.functional) console.log('  (both sides threw the same error: the harness calls this agreed-error)');
  finish(true, cp);
}

/** Compares one named set of tensors (by key) across the sides; ends at the first difference (unless end is false). */
function compare(cp, what, a, b, end = true) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  let differs = false;
  console.log(cp + ':');
  for (const k of keys) {
    const label = what + (k === '' ? '' : ' ' + k);
    if (!(k in a) || !(k in b)) {
      console.log('  ' + label + ': only on the ' + (k in a ? 'subclass' : 'functional') + ' side');
      differs = true;
      continue;
    }
    if (a[k].shape.join() !== b[k].shape.join()) {
      console.log('  ' + label + ': shapes differ: subclass [' + a[k].shape + '], functional [' + b[k].shape + ']');
      differs = true;
      continue;
    }
    differs = report(label, SIDES, a[k].values, b[k].values, a[k].shape) || differs;
  }
  // end false: the caller compares more at this checkpoint before it ends (returns whether these differ).
  if (differs && end) finish(true, cp);
  return differs;
}

const read = (t) => ({ shape: t.shape, values: t.dataSync() });

/** Structural keys of a side's weights (layer id / the weight's name below the layer's own scope), as the harness keys them. */
function weightKeys(prefix, layer, into) {
  if (layer instanceof tf.LayersModel) {
    for (const inner of layer.layers) if (inner.getClassName() !== 'InputLayer') weightKeys(prefix + '/' + inner.name, inner, into);
    return;
  }
  if (layer.sublayers) {
    for (const [id, inner] of Object.entries(layer.sublayers)) weightKeys(prefix + '/' + id, inner, into);
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
function keyed(net) {
  const into = {};
  for (const id of LAYER_IDS) weightKeys(id, net instanceof tf.LayersModel ? net.getLayer(id) : net.sublayers[id], into);
  return into;
}
const values = (weights) => Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, read(w.read())]));

/** The layer a spec layer id names on a side, as user code finds it: model.getLayer(id), or the held sublayer. */
const layerOf = (net, id) => (net instanceof tf.LayersModel ? net.getLayer(id) : net.sublayers[id]);

/** Every stateful RNN inside a layer or model (a stateful RNN carries its state from one call to the next). */
function statefulIn(layer) {
  if (layer instanceof tf.LayersModel) return layer.layers.flatMap(statefulIn);
  if (layer.sublayers) return Object.values(layer.sublayers).flatMap(statefulIn);
  return layer.stateful && typeof layer.resetStates === 'function' ? [layer] : [];
}

/** Every stateful RNN's states after a call, keyed layer/state<k> (layers are named after their spec ids). */
function statesOf(net) {
  const out = {};
  for (const l of statefulIn(net)) (l.states ?? []).forEach((t, k) => t != null && (out[l.name + '/state' + k] = read(t)));
  return out;
}

/** Compares the sides' stateful-RNN states after a call, as the harness does; nothing when neither side has one. */
function compareStates(cp, a, b, end = true) {
  return (Object.keys(a).length > 0 || Object.keys(b).length > 0) && compare(cp, 'RNN state', a, b, end);
}

/**
 * Runs fn with every stateful RNN of net at zero states, then puts its states back: the model as tfjs reloads it
 * (a save keeps no states), without the script's own call moving the original's state.
 */
function fromZeroStates(net, fn) {
  const saved = statefulIn(net).map((l) => [l, l.states]);
  for (const [l, states] of saved) if (states && states.every((t) => t != null)) l.states = states.map((t) => tf.zerosLike(t));
  try {
    return fn();
  } finally {
    for (const [l, states] of saved) {
      tf.dispose((l.states ?? []).filter((t) => t != null && !(states ?? []).includes(t)));
      l.states = states;
    }
  }
}

/** Gives a side the case's initial weights (assign: no constraint is applied, as the harness restores them). */
function assignInitial(net) {
  const weights = keyed(net);
  for (const [key, w] of Object.entries(weights)) {
    if (!(key in WEIGHTS)) throw new Error('no initial value embedded for weight ' + key);
    const t = decode(WEIGHTS[key]);
    w.read().assign(t);
    t.dispose();
  }
  const missing = Object.keys(WEIGHTS).filter((k) => !(k in weights));
  if (missing.length > 0) throw new Error('embedded weights with no variable: ' + missing.join(', '));
}

/** The subclass side inside tf.model (what reload and fit need); the functional side is a model already. */
function asModel(net) {
  if (net instanceof tf.LayersModel) return net;
  const ins = INPUT_SPECS.map((i) => tf.input(i));
  return tf.model({ inputs: ins, outputs: net.apply(ins.length === 1 ? ins[0] : ins), name: 'subclass_wrapper' });
}

if (!(await tf.setBackend(BACKEND))) throw new Error('backend ' + BACKEND + ' is not available here');
await tf.ready();
const tensorsAtStart = tf.memory().numTensors;
const inputs = INPUTS.map(decode);
const targets = TARGETS.map(decode);
const x = inputs.length === 1 ? inputs[0] : inputs;
const engine = tf.engine();
const track = engine.trackTensor;
const made = [];
engine.trackTensor = function (t, backend) {
  if (!(t instanceof tf.Variable)) made.push(t);
  return track.call(this, t, backend);
};
console.log('parity-check repro on ' + tf.getBackend() + ' (tfjs ' + tf.version.tfjs + '), up to ' + TARGET);

// build: each side constructed and called once (inference), as a user does before reading a custom layer's weights;
// what that leaves alive besides the variables it created is counted, as the harness counts it.
const left = {};
const sides = onBoth('build', (s) => {
  const tensors = tf.memory().numTensors;
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  const net = makeSides()[s]();
  tf.dispose(list(net.apply(x, { training: false })).filter((t) => !inputs.includes(t)));
  const created = Object.keys(tf.engine().state.registeredVariables).filter((n) => !before.has(n));
  left[s] = tf.memory().numTensors - tensors - created.length;
  return net;
});
if (left.subclass !== left.functional) {
  console.log('build:');
  console.log('  building and the first call (variables aside) left alive: subclass ' + left.subclass + ' tensors, functional ' + left.functional + ' tensors');
  finish(true, 'build');
}
console.log('build: both sides built; building and the first call left alive (variables aside): subclass ' + left.subclass + ' tensors, functional ' + left.functional + ' tensors');
if (WEIGHTS && runs('init')) onBoth('init', (s) => assignInitial(sides[s]));

if (runs('init')) {
  const w = onBoth('init', (s) => values(keyed(sides[s])));
  compare('init', 'weight', w.subclass, w.functional);
}
for (const [cp, training] of [['forward', false], ['forward-training', true]]) {
  if (!runs(cp)) break;
  const y = onBoth(cp, (s) => {
    // A training-mode call moves state (BatchNorm's statistics): undone after it with assign, as the harness undoes
    // it, so later checkpoints start from the same weights as the harness's (an RNN's states stay moved, as there).
    const saved = training ? Object.values(keyed(sides[s])).map((w) => [w, w.read().clone()]) : [];
    try {
      return { out: tf.tidy(() => list(sides[s].apply(x, { training })).map(read)), states: statesOf(sides[s]) };
    } finally {
      for (const [w, t] of saved) w.read().assign(t);
      tf.dispose(saved.map(([, t]) => t));
    }
  });
  // Outputs and states both, before the script ends: the harness reports both.
  const differs = compare(cp, 'output', Object.fromEntries(y.subclass.out.map((v, i) => [String(i), v])), Object.fromEntries(y.functional.out.map((v, i) => [String(i), v])), false);
  if (compareStates(cp, y.subclass.states, y.functional.states, false) || differs) finish(true, cp);
}

// The custom training loop: tf.variableGrads over the trainable weights in key order, one optimizer per side.
const optimizers = { subclass: makeOptimizer(), functional: makeOptimizer() };
for (let step = 1; step <= STEPS && runs(step === 1 ? 'loss' : 'step-' + step); step++) {
  const cp = step === 1 ? 'loss' : 'step-' + step;
  for (const c of SCHEDULE.filter((c) => c.beforeStep === step)) {
    // The user's line between two steps (a fine-tuning script freezing or unfreezing a layer); the variable lists
    // below are read afresh after it.
    for (const s of SIDES) layerOf(sides[s], c.layer).trainable = c.trainable;
    console.log('before step-' + step + ": layer '" + c.layer + "' set trainable = " + c.trainable + ' on both sides');
  }
  const r = onBoth(cp, (s) => {
    const net = sides[s];
    const weights = keyed(net);
    const trainable = new Set(net.trainableWeights.map((w) => w.name));
    const order = Object.keys(weights).filter((k) => trainable.has(weights[k].name)).sort();
    const vars = order.map((k) => weights[k].read());
    const { value, grads } = tf.variableGrads(() => {
      // The call first, then the losses, as a user's loop (and tfjs's fit) reads them: a layer whose call() adds a
      // loss has added this call's by then.
      const y = list(net.apply(x, { training: true }));
      const reg = net.calculateLosses();
      const d = dataLoss(targets, y);
      return reg.length > 0 ? tf.addN([d, ...reg]) : d;
    }, vars);
    const loss = read(value);
    const g = Object.fromEntries(order.filter((k) => grads[weights[k].read().name]).map((k) => [k, read(grads[weights[k].read().name])]));
    optimizers[s].applyGradients(order.filter((k) => grads[weights[k].read().name]).map((k) => ({ name: weights[k].read().name, tensor: grads[weights[k].read().name] })));
    tf.dispose([value, ...Object.values(grads)]);
    return { loss, grads: g, weights: values(weights), states: statesOf(net) };
  }, 'step-' + step);
  compare(cp, 'loss', { '': r.subclass.loss }, { '': r.functional.loss });
  if (step === 1) {
    if (!runs('gradients')) break;
    compare('gradients', 'gradient', r.subclass.grads, r.functional.grads);
  }
  if (!runs('step-' + step)) break;
  const differs = compare('step-' + step, 'weight', r.subclass.weights, r.functional.weights, false);
  if (compareStates('step-' + step, r.subclass.states, r.functional.states, false) || differs) finish(true, 'step-' + step);
}
optimizers.subclass.dispose();
optimizers.functional.dispose();

// reload: each side saved and loaded again (the subclass inside tf.model), compared with itself as saved.
if (RELOAD && runs('reload')) {
  const r = await (async () => {
    const out = {};
    const errors = {};
    for (const s of SIDES) {
      try {
        const model = asModel(sides[s]);
        // Saved first, then called, as the harness does: a layer whose state moves on every call is compared as saved.
        let artifacts;
        await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
        seedRandom('reload');
        // tfjs saves no RNN states: the reloaded model starts from zeros, so the original is called from zeros too.
        const before = fromZeroStates(model, () => tf.tidy(() => list(model.predict(x)).map(read)));
        const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
        seedRandom('reload');
        const after = tf.tidy(() => list(loaded.predict(x)).map(read));
        loaded.dispose();
        out[s] = { before, after };
      } catch (e) {
        errors[s] = message(e);
      }
    }
    return { out, errors };
  })();
  if (Object.keys(r.errors).length > 0) {
    console.log('reload:');
    for (const s of SIDES) console.log('  ' + s + ': ' + (s in r.errors ? 'threw: ' + r.errors[s] : 'saved and loaded'));
    finish(true, 'reload');
  }
  for (const s of SIDES) {
    const o = r.out[s];
    compare('reload', s + ' output after reload vs as saved', Object.fromEntries(o.before.map((v, i) => [String(i), v])), Object.fromEntries(o.after.map((v, i) => [String(i), v])));
  }
}

// fit: a fresh pair never called eagerly, tf.model → compile → fit, from the same initial weights.
if (FIT && runs('fit')) {
  const fresh = makeSides();
  const models = {};
  const r = onBoth('fit', (s) => {
    const net = fresh[s]();
    const model = asModel(net);
    if (WEIGHTS) assignInitial(net);
    model.compile({ optimizer: makeOptimizer(), loss: COMPILE_LOSS });
    models[s] = { net, model };
    return null;
  });
  const h = {};
  for (const s of SIDES) {
    seedRandom('fit');
    try {
      h[s] = await models[s].model.fit(x, targets.length === 1 ? targets[0] : targets, { epochs: STEPS, batchSize: BATCH, shuffle: false, verbose: 0 });
    } catch (e) {
      console.log('fit: ' + s + ' threw: ' + message(e));
      finish(true, 'fit');
    }
  }
  const loss = (s) => ({ shape: [STEPS], values: Float32Array.from(h[s].history.loss) });
  // The loss history and every weight, before the script ends: the harness reports both.
  const differs = compare('fit', 'loss history', { '': loss('subclass') }, { '': loss('functional') }, false);
  if (compare('fit', 'weight', values(keyed(models.subclass.net)), values(keyed(models.functional.net)), false) || differs) finish(true, 'fit');
  for (const s of SIDES) models[s].model.optimizer.dispose();
}

// dispose: a fresh pair, built and called once; each side's own dispose(); which of its variables survive.
if (runs('dispose')) {
  const fresh = makeSides();
  const r = onBoth('dispose', (s) => {
    const before = new Set(Object.keys(tf.engine().state.registeredVariables));
    const net = fresh[s]();
    tf.dispose(list(net.apply(x, { training: false })));
    const weights = keyed(net);
    const byName = Object.fromEntries(Object.entries(weights).map(([k, w]) => [w.read().name, k]));
    net.dispose();
    const alive = tf.engine().state.registeredVariables;
    return Object.keys(alive).filter((n) => !before.has(n) && !alive[n].isDisposed).map((n) => byName[n] ?? n).sort();
  });
  console.log('dispose:');
  for (const s of SIDES) console.log('  ' + s + ': ' + r[s].length + ' variables survive dispose()' + (r[s].length > 0 ? ': ' + r[s].join(', ') : ''));
  if (r.subclass.join('|') !== r.functional.join('|')) finish(true, 'dispose');
}
finish(false);
`;
