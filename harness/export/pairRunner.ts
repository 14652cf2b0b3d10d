import { SEED_RANDOM } from './seedRandomSource';

/**
 * The part of an exported pair script that runs it (plain JavaScript, as
 * text): the harness's checkpoints for a pair module, in its order, on the
 * user's two factories, stopping at the first checkpoint where the sides
 * differ or a side throws — printing both values — and never running past
 * the checkpoint the finding names (`TARGET`). It follows the path the
 * harness follows for a pair (`harness/engine/runCase.ts`): Math.random
 * seeded as the harness seeds it, with the harness's own generator (so a
 * dropout mask or an unseeded initializer draws what it drew there), both
 * sides built one after the other from one stream, a warm-up call,
 * variables paired as the harness paired them (by position in each side's
 * `weights`, `PAIRING`), the loop's training flag and shared optimizer as
 * the pair declares them, a training-mode call's state undone, a fresh
 * unwarmed pair for `fit` and a fresh warmed pair for `dispose`.
 *
 * Kept apart from the spec runner (`caseRunner.ts`) on purpose: a pair's
 * factories may be async, its variables are paired by position rather than
 * by structural key, and it has no initial weights to assign (its `init`
 * gives the harness's values itself). Both share `SCRIPT_HELPERS`; the few
 * lines of plumbing below that mirror the spec runner (finish, the
 * checkpoint order) are repeated rather than factored, so neither changes
 * the other while both are being extended.
 *
 * Globals it expects from the script: tf, PAIR, INITS, PAIRING, SEED, BACKEND,
 * TARGET, STEPS, BATCH, INPUTS, TARGETS, INPUT_SPECS, TRAINING, SHARED_OPTIMIZER,
 * RELOAD, FIT, makeOptimizer(), dataLoss(), COMPILE_LOSS, decode(), report().
 */
export const PAIR_RUNNER = String.raw`
const RANK = { build: 0, init: 1, forward: 2, 'forward-training': 3, loss: 4, gradients: 5, reload: 1e6, fit: 1e6 + 1, dispose: 1e6 + 2 };
const rank = (cp) => RANK[cp] ?? 5 + Number(/^step-(\d+)$/.exec(cp)[1]);
const runs = (cp) => rank(cp) <= rank(TARGET);
const SIDES = ['subclass', 'functional'];
const list = (t) => (Array.isArray(t) ? t : [t]);
const message = (e) => (e instanceof Error ? e.message : String(e)).split('\n')[0];
const registered = () => tf.engine().state.registeredVariables;
const read = (t) => ({ shape: t.shape, values: t.dataSync() });

${SEED_RANDOM}
// ---- init(key[, kind]): the values the harness's seeded initializer gave for this key and shape, embedded.
// tfjs-layers accepts only instances of its Initializer class (not exported by name): reached through a built-in one.
const Initializer = Object.getPrototypeOf(tf.initializers.zeros().constructor);
class EmbeddedInitializer extends Initializer {
  static className = 'ParityCheckEmbeddedInitializer';
  constructor(config) {
    super();
    this.key = config.key;
    this.kind = config.kind ?? 'glorotUniform';
  }
  apply(shape, dtype = 'float32') {
    const found = INITS.find((i) => i.key === this.key && i.kind === this.kind && i.values.dtype === dtype && i.values.shape.join() === shape.join());
    if (!found) throw new Error("init('" + this.key + "', '" + this.kind + "'): the export recorded no " + dtype + ' values of shape [' + shape + ']');
    return decode(found.values);
  }
  getConfig() {
    return { key: this.key, kind: this.kind };
  }
}
// Registered, so a saved model that holds one loads again (the reload checkpoint).
tf.serialization.registerClass(EmbeddedInitializer);
const context = { tf, init: (key, kind) => new EmbeddedInitializer({ key, kind }) };

/** Ends the script: 1 while the behaviour shows, 0 once it is gone. */
function finish(found, what) {
  // Everything the case made, whatever tfjs kept or a failing call left behind.
  engine.trackTensor = track;
  const kept = made.filter((t) => !t.isDisposed);
  tf.dispose(kept);
  if (kept.length > 0) console.log('(tfjs left ' + kept.length + ' tensors alive along the way; freed)');
  tf.dispose([...inputs, ...targets]);
  for (const v of Object.values(registered())) v.dispose();
  const left = tf.memory().numTensors - tensorsAtStart;
  if (left !== 0) console.log('(the script left ' + left + ' tensors alive)');
  console.log(found ? 'FOUND at ' + what + ': the behaviour is present.' : 'No difference up to ' + TARGET + ': the behaviour is gone.');
  process.exit(found ? 1 : 0);
}

/**
 * Runs f on each side (awaited: a pair's factories may be async), Math.random seeded with the label before each
 * side, or once before both (building: the harness builds a pair's sides one after the other from one stream).
 * When a side throws, prints what each side threw and ends (a finding, even if both agree).
 */
async function onBoth(cp, f, label = cp, once = false) {
  const out = {};
  const errors = {};
  if (once) seedRandom(label);
  for (const s of SIDES) {
    if (!once) seedRandom(label);
    try {
      out[s] = await f(s);
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

/** Compares one named set of values (by key) across the sides; true when they differ. */
function differ(what, a, b) {
  let differs = false;
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const label = what + (k === '' ? '' : ' ' + k);
    if (!(k in a) || !(k in b)) {
      console.log('  ' + label + ': only on the ' + (k in a ? 'subclass' : 'functional') + ' side');
      differs = true;
    } else if (a[k].shape.join() !== b[k].shape.join()) {
      console.log('  ' + label + ': shapes differ: subclass [' + a[k].shape + '], functional [' + b[k].shape + ']');
      differs = true;
    } else differs = report(label, SIDES, a[k].values, b[k].values, a[k].shape) || differs;
  }
  return differs;
}
function compare(cp, what, a, b) {
  console.log(cp + ':');
  if (differ(what, a, b)) finish(true, cp);
}
const indexed = (outs) => Object.fromEntries(outs.map((v, i) => ['output[' + i + ']', v]));

/** Each side's weights' shapes and dtypes on the first build, where the harness paired them. */
const firstBuild = {};

/**
 * The harness's pairing of a side's weights (tfjs name → key): each paired
 * variable's position in that side's weights — on a fresh build of the same
 * factories too, where the weight there has the shape and dtype of the
 * first build's (otherwise it stays unkeyed and is named, as the harness does).
 */
function keysOf(net, side) {
  const keys = new Map();
  const weights = net.weights;
  for (const p of PAIRING) {
    const w = p[side] === null ? undefined : weights[p[side]];
    const first = p[side] === null ? undefined : firstBuild[side][p[side]];
    if (w && first && w.shape.join() === first.shape.join() && w.dtype === first.dtype) keys.set(w.name, p.key);
  }
  return keys;
}

/** A side's variables as the harness lists them: trainable first, each with its key (a variable the pairing does not know keeps its name). */
function inventory(net, side, keys) {
  return [...net.trainableWeights.map((w) => [w, true]), ...net.nonTrainableWeights.map((w) => [w, false])].map(([w, trainable]) => ({
    key: keys.get(w.name) ?? 'unkeyed:' + side + ':' + w.name,
    w,
    trainable,
  }));
}

/** Every variable of both sides: how many of each kind, which exist on one side only or differ in kind, then values. */
function compareInventories(cp, inv) {
  const [a, b] = [inv.subclass, inv.functional];
  let differs = false;
  console.log(cp + ':');
  for (const t of [true, false]) {
    const [na, nb] = [a.filter((e) => e.trainable === t).length, b.filter((e) => e.trainable === t).length];
    if (na !== nb) console.log('  ' + (t ? 'trainable' : 'non-trainable') + ' variable count: subclass ' + na + ', functional ' + nb);
    differs = differs || na !== nb;
  }
  const mb = new Map(b.map((e) => [e.key, e]));
  for (const e of a) {
    const f = mb.get(e.key);
    if (f && f.trainable !== e.trainable) {
      console.log('  ' + e.key + ': trainable on the ' + (e.trainable ? 'subclass' : 'functional') + ' side only');
      differs = true;
    }
  }
  const values = (xs) => Object.fromEntries(xs.map((e) => [e.key, read(e.w.read())]));
  differs = differ('weight', values(a), values(b)) || differs;
  if (differs) finish(true, cp);
}

/**
 * Both sides built as the harness builds a pair — Math.random seeded once ('build'), subclass then functional —
 * and, with warmUp, called once; what a side throws is a finding at cp (a fresh build's, at its checkpoint). Each
 * side's left: the tensors its factory and first call left alive besides the variables it created, counted as the
 * harness counts them (a tf.tidy in build() that returns its trace keeps that tensor; a call() without tf.tidy
 * keeps its intermediates).
 */
async function buildBoth(cp, warmUp) {
  return onBoth(
    cp,
    async (s) => {
      const tensors = tf.memory().numTensors;
      const before = new Set(Object.keys(registered()));
      const net = await pair[s](context);
      if (warmUp) tf.dispose(list(net.apply(x, { training: false })).filter((t) => !inputs.includes(t)));
      const created = Object.keys(registered()).filter((n) => !before.has(n));
      return { net, created, left: tf.memory().numTensors - tensors - created.length };
    },
    'build',
    true,
  );
}

/** The subclass side inside tf.model (what reload and fit need); the functional side is a model already. */
function asModel(net) {
  if (net instanceof tf.LayersModel) return net;
  const ins = INPUT_SPECS.map((i) => tf.input(i));
  return tf.model({ inputs: ins, outputs: net.apply(ins.length === 1 ? ins[0] : ins), name: 'subclass_wrapper' });
}

if (!(await tf.setBackend(BACKEND))) throw new Error('backend ' + BACKEND + ' is not available here');
await tf.ready();
const pair = await PAIR;
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

// build: each side from its factory, called once (inference), as a user does before reading a custom layer's weights.
const built = await buildBoth('build', true);
const sides = { subclass: built.subclass.net, functional: built.functional.net };
{
  // Variables a side created but does not expose as weights: out of reach of training, saving and dispose().
  const unexposed = Object.fromEntries(SIDES.map((s) => [s, built[s].created.filter((n) => !sides[s].weights.some((w) => w.name === n))]));
  // What building and the first call left alive besides the variables: a leak on one side.
  const [ls, lf] = [built.subclass.left, built.functional.left];
  const hidden = unexposed.subclass.length !== unexposed.functional.length;
  if (hidden || ls !== lf) {
    console.log('build:');
    if (hidden) {
      console.log('  variables created but not exposed as weights: subclass ' + unexposed.subclass.length + ', functional ' + unexposed.functional.length);
      for (const s of SIDES) if (unexposed[s].length > 0) console.log('  ' + s + ': ' + unexposed[s].map((n) => n + ' [' + registered()[n].shape + ']').join(', '));
    }
    if (ls !== lf) console.log('  building and the first call (variables aside) left alive: subclass ' + ls + ' tensors, functional ' + lf + ' tensors');
    finish(true, 'build');
  }
  console.log('build: both sides built; building and the first call left alive (variables aside): subclass ' + ls + ' tensors, functional ' + lf + ' tensors');
}

const keys = {};
let inv;
if (runs('init')) {
  // A side's weight lists are its own code (a custom layer's getters): what they throw is that side's finding.
  inv = await onBoth('init', (s) => {
    firstBuild[s] = sides[s].weights.map((w) => ({ shape: w.shape, dtype: w.dtype }));
    keys[s] = keysOf(sides[s], s);
    return inventory(sides[s], s, keys[s]);
  });
  compareInventories('init', inv);
}

for (const [cp, training] of [['forward', false], ['forward-training', true]]) {
  if (!runs(cp)) break;
  const r = await onBoth(cp, (s) => {
    // A training-mode call moves state (BatchNorm's statistics): compared right after the call, then undone, as the harness does.
    const saved = training ? inv[s].map((e) => e.w.read().clone()) : null;
    try {
      const y = list(sides[s].apply(x, { training }));
      const out = y.map(read);
      tf.dispose(y.filter((t) => !inputs.includes(t)));
      const state = training ? Object.fromEntries(inv[s].filter((e) => !e.trainable).map((e) => [e.key, read(e.w.read())])) : null;
      return { out, state };
    } finally {
      if (saved) {
        inv[s].forEach((e, i) => e.w.read().assign(saved[i]));
        tf.dispose(saved);
      }
    }
  });
  console.log(cp + ':');
  let differs = differ('output', indexed(r.subclass.out), indexed(r.functional.out));
  if (training) {
    // Only variables that are state on both sides: a trainability mismatch was shown at init.
    const trainable = new Set([...inv.subclass, ...inv.functional].filter((e) => e.trainable).map((e) => e.key));
    const state = (m) => Object.fromEntries(Object.entries(m).filter(([k]) => !trainable.has(k)));
    differs = differ('state', state(r.subclass.state), state(r.functional.state)) || differs;
  }
  if (differs) finish(true, cp);
}

// The custom training loop: gradients of the loss over the trainable weights, then applyGradients — one optimizer per
// side, each listing its variables by key, or one shared optimizer, each side listing them in its own order.
const shared = makeOptimizer();
const optimizers = { subclass: shared, functional: SHARED_OPTIMIZER ? shared : makeOptimizer() };
for (let step = 1; step <= STEPS && runs(step === 1 ? 'loss' : 'step-' + step); step++) {
  const cp = 'step-' + step;
  const lossCp = step === 1 ? 'loss' : cp;
  // Seeded by the step ('step-1' for the loss), as the harness's loop seeds it.
  const r = await onBoth(lossCp, (s) => {
    const net = sides[s];
    const trainable = inventory(net, s, keys[s]).filter((e) => e.trainable);
    const vars = SHARED_OPTIMIZER ? trainable : [...trainable].sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
    const lossOf = () => {
      const y = list(TRAINING[s] ? net.apply(x, { training: true }) : net.apply(x));
      const reg = net.calculateLosses();
      const d = dataLoss(targets, y);
      return reg.length > 0 ? tf.addN([d, ...reg]) : d;
    };
    // A trainable variable the loss does not reach has no gradient (compared as such); no trainable variable at all
    // fails as a user's tf.variableGrads over them does.
    const weights = vars.map((v) => v.w.read());
    const { value, grads } = weights.length > 0 ? tf.engine().gradients(lossOf, weights, undefined, true) : { ...tf.variableGrads(lossOf, []), grads: [] };
    const withGrad = vars.map((v, i) => ({ v, g: grads[i] })).filter((p) => p.g !== undefined);
    const loss = read(value);
    const g = Object.fromEntries(withGrad.map(({ v, g }) => [v.key, read(g)]));
    if (withGrad.length > 0) optimizers[s].applyGradients(withGrad.map(({ v, g }) => ({ name: v.w.name, tensor: g })));
    tf.dispose([value, ...withGrad.map((p) => p.g)]);
    return { loss, grads: g };
  }, cp);
  compare(lossCp, 'loss', { '': r.subclass.loss }, { '': r.functional.loss });
  if (step === 1 && !runs('gradients')) break;
  compare(step === 1 ? 'gradients' : cp, 'gradient', r.subclass.grads, r.functional.grads);
  if (!runs(cp)) break;
  inv = await onBoth(cp, (s) => inventory(sides[s], s, keys[s]));
  compareInventories(cp, inv);
}
optimizers.subclass.dispose();
if (!SHARED_OPTIMIZER) optimizers.functional.dispose();

// reload: each side saved and loaded again (the subclass inside tf.model), compared with itself as saved, then across sides.
if (RELOAD && runs('reload')) {
  const predict = (m) => tf.tidy(() => list(m.apply(x, { training: false })).map(read));
  const r = await onBoth('reload', async (s) => {
    const model = asModel(sides[s]);
    let artifacts;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    seedRandom('reload');
    const before = predict(model);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    seedRandom('reload');
    const after = predict(loaded);
    return { before, after };
  });
  console.log('reload:');
  let differs = false;
  for (const s of SIDES) differs = differ(s + ' output after reload vs as saved:', indexed(r[s].before), indexed(r[s].after)) || differs;
  differs = differ('reloaded output', indexed(r.subclass.after), indexed(r.functional.after)) || differs;
  if (differs) finish(true, 'reload');
}

// fit: a fresh pair never called eagerly, tf.model → compile → fit, each with its own optimizer.
if (FIT && runs('fit')) {
  const fresh = await buildBoth('fit', false);
  const r = await onBoth('fit', async (s) => {
    const net = fresh[s].net;
    const model = asModel(net);
    const optimizer = makeOptimizer();
    model.compile({ optimizer, loss: COMPILE_LOSS });
    // Keyed before fit, as the harness keys a fresh build: a weight that only fit creates stays unkeyed and is named.
    const k = keysOf(net, s);
    seedRandom('fit');
    try {
      const h = await model.fit(x, targets.length === 1 ? targets[0] : targets, { epochs: STEPS, batchSize: BATCH, shuffle: false, verbose: 0 });
      return { loss: { shape: [STEPS], values: Float32Array.from(h.history.loss) }, inv: inventory(net, s, k) };
    } finally {
      optimizer.dispose();
    }
  });
  compare('fit', 'loss history', { '': r.subclass.loss }, { '': r.functional.loss });
  compareInventories('fit', { subclass: r.subclass.inv, functional: r.functional.inv });
}

// dispose: a fresh pair, built and called once; each side's own dispose(); which of the variables it created survive.
if (runs('dispose')) {
  const fresh = await buildBoth('dispose', true);
  const r = await onBoth('dispose', (s) => {
    const { net, created } = fresh[s];
    const k = keysOf(net, s);
    net.dispose();
    const alive = registered();
    return created.filter((n) => n in alive && !alive[n].isDisposed).map((n) => k.get(n) ?? 'not a weight [' + alive[n].shape + ']').sort();
  });
  console.log('dispose:');
  for (const s of SIDES) console.log('  ' + s + ': ' + r[s].length + ' variables survive dispose()' + (r[s].length > 0 ? ': ' + r[s].join(', ') : ''));
  if (r.subclass.join('|') !== r.functional.join('|')) finish(true, 'dispose');
}
finish(false);
`;
