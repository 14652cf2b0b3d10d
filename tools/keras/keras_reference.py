"""The Keras 3 reference of parity-check (`--reference keras`).

One process per parity-check worker, kept alive: it reads one JSON request a
line on stdin and writes one JSON answer a line on stdout. Tensors travel as
{"dtype", "shape", "data"} with data the base64 of their little-endian bytes,
so values cross the pipe exactly. The model arrives already translated to
Keras names and defaults (harness/reference/keras/translateLayer.ts): this
file only instantiates what it is told, copies the tfjs initial weights into
it by structural key, and runs the checkpoints parity-check compares
(forward, loss, gradients, each optimizer step). Nothing here guesses a
default: a field the translation did not give is Keras's own default, and
the translation states every default that differs from tfjs's.
"""

import base64
import json
import os
import sys
import traceback

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# The protocol owns stdout: anything a library prints goes to stderr instead.
_protocol = sys.stdout
sys.stdout = sys.stderr

import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import ops  # noqa: E402


def decode(t):
    """A tensor sent by parity-check, as a numpy array of its exact bytes."""
    raw = base64.b64decode(t["data"])
    return np.frombuffer(raw, dtype=np.dtype(t["dtype"]).newbyteorder("<")).reshape(t["shape"]).copy()


def encode(a):
    """A numpy array (or Keras tensor) as parity-check reads it: float32 or int32, little-endian bytes."""
    a = np.asarray(keras.ops.convert_to_numpy(a))
    a = a.astype(np.int32 if np.issubdtype(a.dtype, np.integer) else np.float32)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": base64.b64encode(a.astype(a.dtype.newbyteorder("<")).tobytes()).decode("ascii")}


# Registered so that Keras can rebuild a layer holding them from its config (a Bidirectional copies its layer so).
@keras.saving.register_keras_serializable(package="parity_check")
def tfjs_hard_sigmoid(x):
    """tfjs's hardSigmoid, clip(0.2 x + 0.5, 0, 1) — Keras 2's hard_sigmoid; Keras 3's is relu6(x + 3) / 6."""
    return ops.clip(0.2 * x + 0.5, 0.0, 1.0)


@keras.saving.register_keras_serializable(package="parity_check")
def gelu_tanh(x):
    """tfjs's gelu_new: Keras's gelu with the tanh approximation (the string 'gelu' is the exact erf form)."""
    return keras.activations.gelu(x, approximate=True)


SPECIAL_ACTIVATIONS = {"tfjs_hard_sigmoid": tfjs_hard_sigmoid, "gelu_tanh": gelu_tanh}


@tf.custom_gradient
def tfjs_abs(x):
    """|x| with tfjs 4.22's gradient, dy · step(x, −1): −1 at 0, where TensorFlow's (sign(0)) is 0."""

    def grad(dy):
        return dy * tf.where(x > 0, tf.ones_like(x), -tf.ones_like(x))

    return tf.abs(x), grad


class TfjsL1L2(keras.regularizers.Regularizer):
    """Keras's L1L2 with tfjs's Abs gradient: the counterfactual of the known cause abs-gradient-at-zero."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        r = ops.convert_to_tensor(0.0, dtype=x.dtype)
        if self.l1:
            r = r + self.l1 * ops.sum(tfjs_abs(x))
        if self.l2:
            r = r + self.l2 * ops.sum(ops.square(x))
        return r

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


def materialize(value):
    """Turns the translation's tagged objects into Keras objects (regularizers, activations, nested layers)."""
    if isinstance(value, dict) and "__regularizer__" in value:
        r = value["__regularizer__"]
        # tfjs_abs: set only by the counterfactual of abs-gradient-at-zero (the harness never sends it otherwise).
        cls = TfjsL1L2 if r.get("tfjs_abs") else keras.regularizers.L1L2
        return cls(l1=r.get("l1", 0.0), l2=r.get("l2", 0.0))
    if isinstance(value, dict) and "__constraint__" in value:
        args = {k: float(v) if k != "axis" else v for k, v in value.items() if k != "__constraint__"}
        return getattr(keras.constraints, value["__constraint__"])(**args)
    if isinstance(value, dict) and "__activation__" in value:
        name = value["__activation__"]
        return SPECIAL_ACTIVATIONS.get(name, name)
    if isinstance(value, dict) and "__layer__" in value:
        return make_layer(value["__layer__"])
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return value


class TfjsCenterCrop(keras.layers.Layer):
    """tfjs 4.22's CenterCrop.call, for the counterfactual of the known cause center-crop-offset.

    tfjs crops with cropAndResize ('nearest') over the box [hBuffer/H, wBuffer/W, (h + hBuffer)/H, (w + wBuffer)/W],
    hBuffer = floor((H - h) / 2) and wBuffer likewise, but set to 1 where it is 0 and the widths differ; it upsizes
    with resizeBilinear (no corner alignment, no half-pixel centres) when a buffer is negative.
    """

    def __init__(self, height, width, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = int(height), int(width)

    def call(self, x):
        h_in, w_in = x.shape[-3], x.shape[-2]
        hb = (h_in - self.height) // 2 if h_in != self.height else 0
        wb = (w_in - self.width) // 2 if w_in != self.width else 0
        if w_in != self.width and wb == 0:
            wb = 1
        if hb >= 0 and wb >= 0:
            box = [hb / h_in, wb / w_in, (self.height + hb) / h_in, (self.width + wb) / w_in]
            n = tf.shape(x)[0]
            boxes = tf.tile(tf.constant([box], tf.float32), [n, 1])
            out = tf.image.crop_and_resize(x, boxes, tf.range(n), [self.height, self.width], method="nearest")
        else:
            out = tf.compat.v1.image.resize_bilinear(x, [self.height, self.width], align_corners=False, half_pixel_centers=False)
        return tf.cast(out, x.dtype)

    def compute_output_shape(self, shape):
        return (*shape[:-3], self.height, self.width, shape[-1])


class TfjsUpSampling2D(keras.layers.UpSampling2D):
    """tfjs 4.22's UpSampling2D, for the counterfactual of the known cause upsampling-bilinear-half-pixel: its bilinear
    resize samples at corners (resizeBilinear without half-pixel centres), where Keras 3's samples at half-pixel centres."""

    def call(self, x):
        if self.interpolation != "bilinear":
            return super().call(x)
        h, w = x.shape[-3], x.shape[-2]
        size = [h * self.size[0], w * self.size[1]]
        out = tf.compat.v1.image.resize_bilinear(x, size, align_corners=False, half_pixel_centers=False)
        return tf.cast(out, x.dtype)


# Layers of this file's own, which a counterfactual names in place of a Keras class.
LOCAL_LAYERS = {"TfjsCenterCrop": TfjsCenterCrop, "TfjsUpSampling2D": TfjsUpSampling2D}


def make_layer(desc):
    """A Keras layer from {"class", "config"}: the class is looked up in keras.layers (or LOCAL_LAYERS), the config passed as is."""
    cls = LOCAL_LAYERS.get(desc["class"]) or getattr(keras.layers, desc["class"])
    config = {k: materialize(v) for k, v in desc.get("config", {}).items()}
    return cls(**config)


def build(model_desc, name=None):
    """The spec's model as a Keras functional model, plus a probe model returning every node's output."""
    inputs = {}
    for i in model_desc["inputs"]:
        # A nested block's inputs are prefixed with its name: they must not clash with the outer model's.
        inputs[i["id"]] = keras.Input(shape=tuple(i["shape"]), dtype=i.get("dtype", "float32"), name=f"{name}_{i['id']}" if name else i["id"])
    layers = {}
    for l in model_desc["layers"]:
        if l["class"] == "__block__":
            inner, _, inner_layers, _ = build(l["model"], l["id"])
            inner.inner_layers = inner_layers
            layer = inner
        else:
            layer = make_layer(l)
        if l.get("trainable") is False:
            layer.trainable = False
        layers[l["id"]] = layer
    symbols = dict(inputs)
    for n in model_desc["nodes"]:
        args = [symbols[r] for r in n["inputs"]]
        try:
            symbols[n["id"]] = layers[n["layer"]](args if len(args) > 1 else args[0])
        except ValueError as e:
            # Keras refuses a node only tfjs accepted: the shapes it computed upstream may differ from tfjs's.
            built = {i["id"]: list(symbols[i["id"]].shape[1:]) for i in model_desc["nodes"] if i["id"] in symbols}
            raise GraphShapeError(f"node '{n['id']}': {type(e).__name__}: {e}".splitlines()[0][:500], built) from e
    ins = [inputs[i["id"]] for i in model_desc["inputs"]]
    outs = [symbols[o] for o in model_desc["outputs"]]
    model = keras.Model(ins if len(ins) > 1 or not name else ins[0], outs if len(outs) > 1 or not name else outs[0], name=name)
    node_ids = [n["id"] for n in model_desc["nodes"]]
    probe = keras.Model(ins, [symbols[i] for i in node_ids])
    return model, probe, layers, node_ids


class GraphShapeError(ValueError):
    """Keras could not apply a node: `shapes` holds what every node before it computed (batch left out)."""

    def __init__(self, message, shapes):
        super().__init__(message)
        self.shapes = shapes


class WeightShapeError(ValueError):
    """A tfjs weight whose shape is not its Keras weight's: the two graphs' shapes part upstream of it."""


def assign_weights(model_desc, layers, weights):
    """
    Copies the tfjs initial weights into the Keras layers by structural key.
    Each spec layer lists its tfjs weights as {key, name, nth}: the Keras
    weight named `name`, the nth of that name in the layer's weight order
    (a Bidirectional's forward kernel comes before its backward one, in both
    libraries). Every Keras weight must receive exactly one tfjs weight, and
    the shapes must agree: anything else is an error, never a partial copy.
    """
    by_key = {}
    for l in model_desc["layers"]:
        layer = layers[l["id"]]
        if l["class"] == "__block__":
            by_key.update(assign_weights(l["model"], layer.inner_layers, weights))
            continue
        taken = set()
        for w in l.get("weights", []):
            same = [v for v in layer.weights if v.name == w["name"]]
            if w["nth"] >= len(same):
                raise ValueError(f"layer '{l['id']}': no Keras weight '{w['name']}' #{w['nth']} for tfjs weight '{w['key']}' (Keras has {[v.path for v in layer.weights]})")
            v = same[w["nth"]]
            value = decode(weights[w["key"]])
            if tuple(v.shape) != value.shape:
                raise WeightShapeError(f"weight '{w['key']}': tfjs shape {list(value.shape)}, Keras '{v.path}' shape {list(v.shape)}")
            v.assign(value)
            taken.add(id(v))
            by_key[w["key"]] = v
        missing = [v.path for v in layer.weights if id(v) not in taken]
        if missing:
            raise ValueError(f"layer '{l['id']}': Keras weights with no tfjs counterpart: {missing}")
    return by_key


LOSSES = {
    "meanSquaredError": keras.losses.mean_squared_error,
    "meanAbsoluteError": keras.losses.mean_absolute_error,
    "categoricalCrossentropy": keras.losses.categorical_crossentropy,
    "binaryCrossentropy": keras.losses.binary_crossentropy,
    "huberLoss": lambda t, p: keras.losses.huber(t, p, delta=1.0),
}


class TfjsFormula:
    """tfjs 4.22's own update formula for Adam or Adadelta, written with TensorFlow ops.

    Never the reference's optimizer: a known cause's counterfactual asks for it
    (harness/triage/causes/referenceOptimizerFormula.ts), to prove that a step
    divergence is exactly the formula tfjs writes differently from Keras 3.
    - Adam (tfjs-core optimizers/adam_optimizer.ts): epsilon added to the
      bias-corrected sqrt(v) — v_hat = v / (1 - beta_2^t); Keras 3 folds the bias
      correction into the learning rate and adds epsilon to sqrt(v) itself.
    - Adadelta (tfjs-core optimizers/adadelta_optimizer.ts): the update divides by
      sqrt of the accumulated squared gradient *before* this step's gradient is
      added; Keras 3 (and TensorFlow's ApplyAdadelta) by the updated one.
    """

    def __init__(self, kind, config):
        self.kind = kind
        self.config = config
        self.slots = {}
        self.t = 0

    def build(self, variables):
        for v in variables:
            self.slots[id(v)] = (tf.Variable(tf.zeros_like(v)), tf.Variable(tf.zeros_like(v)))

    def apply_gradients(self, pairs):
        self.t += 1
        c = self.config
        lr, eps = c["learning_rate"], c["epsilon"]
        for g, v in pairs:
            a, b = self.slots[id(v)]
            if self.kind == "Adam":
                b1, b2 = c["beta_1"], c["beta_2"]
                a.assign(b1 * a + (1 - b1) * g)
                b.assign(b2 * b + (1 - b2) * tf.square(g))
                m_hat = a / (1 - b1**self.t)
                v_hat = b / (1 - b2**self.t)
                v.assign(v - lr * (m_hat / (tf.sqrt(v_hat) + eps)))
            else:
                rho = c["rho"]
                update = tf.sqrt(b + eps) / tf.sqrt(a + eps) * g
                a.assign(rho * a + (1 - rho) * tf.square(g))
                b.assign(rho * b + (1 - rho) * tf.square(update))
                v.assign(v - lr * update)


def make_optimizer(desc):
    # JSON has no float type: a hyperparameter of 0 arrives as int, which Keras refuses for momentum.
    config = {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in desc["config"].items()}
    if desc["class"].startswith("tfjs:"):
        return TfjsFormula(desc["class"][len("tfjs:"):], config)
    cls = getattr(keras.optimizers, desc["class"])
    return cls(**config)


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def run(req):
    """One case: build, copy weights, forward, then the custom training loop, as parity-check's tfjs side runs it."""
    keras.utils.clear_session()
    model_desc = req["model"]
    out = {"checkpoints": []}
    try:
        model, probe, layers, node_ids = build(model_desc)
    except GraphShapeError as e:
        return {"checkpoints": [], "shapes": e.shapes, "weightError": str(e)}
    try:
        by_key = assign_weights(model_desc, layers, req["weights"])
    except WeightShapeError as e:
        # Keras computes another shape somewhere upstream (a layer tfjs gets wrong, such as a dilation it
        # ignores): no value can be compared, but every node's shape can, and names the first that differs.
        shapes = {i: list(t.shape[1:]) for i, t in zip(node_ids, as_list(probe.outputs))}
        return {"checkpoints": [], "shapes": shapes, "weightError": str(e)}
    xs = [decode(t) for t in req["inputs"]]
    ys = [decode(t) for t in req["targets"]]
    arg = xs if len(xs) > 1 else xs[0]
    acts = as_list(probe(arg, training=False))
    out["forward"] = {
        "outputs": [encode(o) for o in as_list(model(arg, training=False))],
        "activations": {i: encode(a) for i, a in zip(node_ids, acts)},
    }
    out["checkpoints"].append("forward")
    if not req.get("train"):
        return out
    try:
        out["steps"] = train(req, model, by_key, arg, ys)
    except Exception as e:  # forward was compared; training could not run in Keras (say, outputs of another shape)
        out["trainingError"] = f"{type(e).__name__}: {e}".splitlines()[0][:1000]
    return out


def train(req, model, by_key, arg, ys):
    """The custom loop: per step, the loss in training mode (data + model.losses), its gradients, one optimizer step."""
    loss_fn = LOSSES[req["loss"]]
    optimizer = make_optimizer(req["optimizer"])
    trainable = [(k, v) for k, v in sorted(by_key.items()) if v.trainable]
    variables = [v for _, v in trainable]
    optimizer.build(variables)
    steps = []
    for step in range(1, req["steps"] + 1):
        with tf.GradientTape() as tape:
            preds = as_list(model(arg, training=True))
            data = sum(ops.mean(loss_fn(y, p)) for y, p in zip(ys, preds))
            reg = sum(model.losses) if model.losses else None
            total = data + reg if reg is not None else data
        # An embedding's gradient comes as IndexedSlices, one slice per looked-up id: Keras 3's
        # optimizers apply the slices as they are, so an id looked up twice in a batch gets the
        # sum of squared slices in RMSprop/Adagrad/Adam's second moment where the gradient's
        # square is due. tfjs's gradient is dense (the summed one), as the mathematics says:
        # the reference takes the dense gradient too, or it would report Keras's sparse path.
        grads = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in tape.gradient(total, variables)]
        pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
        record = {
            "loss": encode(total),
            "dataLoss": encode(data),
            "regularization": encode(reg) if reg is not None else None,
            "gradients": {k: encode(g) for (k, _), g in zip(trainable, grads) if g is not None},
        }
        if pairs:
            optimizer.apply_gradients(pairs)
        record["weights"] = {k: encode(v) for k, v in by_key.items()}
        steps.append(record)
    return steps


def versions():
    return {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__, "backend": keras.backend.backend()}


def main():
    _protocol.write(json.dumps({"ready": True, "versions": versions()}) + "\n")
    _protocol.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            if req.get("op") == "versions":
                answer = {"id": req["id"], "ok": True, "result": versions()}
            else:
                answer = {"id": req["id"], "ok": True, "result": run(req)}
        except Exception as e:  # the case's failure is data for parity-check, never the end of the process
            answer = {"id": req.get("id"), "ok": False, "error": f"{type(e).__name__}: {e}".splitlines()[0][:2000], "trace": traceback.format_exc()[-4000:]}
        _protocol.write(json.dumps(answer) + "\n")
        _protocol.flush()


if __name__ == "__main__":
    main()
