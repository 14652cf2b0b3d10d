import type { LayerSpec } from '../../architecture/types';

/**
 * The tfjs → Keras 3 translation of one spec layer, in one table: for each
 * catalogue kind, its Keras class, what each tfjs config field becomes
 * (camelCase → snake_case, value mapped where the two libraries spell it
 * differently), and every tfjs default made explicit where Keras's differs
 * (GRU `reset_after`, the LSTM/GRU recurrent activation, BatchNorm momentum
 * and epsilon, `data_format` …). A field the table does not know — one a
 * newer catalogue added — is never dropped: the layer is reported as
 * untranslated with that field, and the reference does not run.
 *
 * Initializers translate to nothing on purpose: the reference starts from
 * the tfjs model's own initial weights (copied by structural key), so no
 * initializer of either library runs.
 */

/** A Keras layer, as keras_reference.py instantiates it: `keras.layers[class](**config)`. */
export interface KerasLayer {
  class: string;
  config: Record<string, unknown>;
}

/** Something of a layer that has no Keras counterpart. `blocking`: the reference cannot run the spec. */
export interface Untranslated {
  layer: string;
  kind: string;
  field?: string;
  reason: string;
  blocking: boolean;
}

/** A layer's translation, or why there is none; `notes` are the non-blocking gaps. */
export type LayerTranslation =
  { ok: true; keras: KerasLayer; notes: Untranslated[] } | { ok: false; gaps: Untranslated[] };

type Config = Record<string, unknown>;

/** What one tfjs config field becomes. */
type FieldRule =
  /** A Keras argument, its value mapped when the spelling differs. */
  | { to: string; map?: (v: unknown, c: Config) => unknown }
  /** An initializer: its weights are copied from tfjs, so it has nothing to translate. */
  | { copied: true }
  /** Read by the kind's own `extra` (a wrapper's inner layer, an RNN's cell). */
  | { byKind: true }
  /** No Keras counterpart. `blocking` when it changes what the model computes. */
  | { none: string; blocking: boolean };

interface KindRule {
  className: string;
  fields: Record<string, FieldRule>;
  /** tfjs's defaults in Keras's names, where Keras's default differs or is worth stating. */
  defaults?: (c: Config) => Config;
  /** Keras arguments built from several fields (a wrapped layer, cells). */
  extra?: (c: Config, layerId: string) => Config;
  /** The whole kind has no counterpart. */
  none?: string;
}

/** tfjs activation names → Keras 3's. */
export const ACTIVATIONS: Record<string, unknown> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  // tfjs's swish is x · sigmoid(x), Keras 3's silu.
  swish: 'silu',
  mish: 'mish',
  // tfjs's gelu is the exact erf form, as Keras's 'gelu'; gelu_new is the tanh approximation.
  gelu: 'gelu',
  gelu_new: { __activation__: 'gelu_tanh' },
  // tfjs's hardSigmoid is clip(0.2x + 0.5, 0, 1) (Keras 2's); Keras 3's hard_sigmoid is relu6(x + 3) / 6.
  hardSigmoid: { __activation__: 'tfjs_hard_sigmoid' },
};

const activation = (v: unknown) => {
  if (!(String(v) in ACTIVATIONS)) throw new Error(`activation '${String(v)}' has no Keras counterpart`);
  return ACTIVATIONS[String(v)];
};
const regularizer = (v: unknown) => ({ __regularizer__: v });

const act: FieldRule = { to: 'activation', map: activation };
const copied: FieldRule = { copied: true };
const reg = (to: string): FieldRule => ({ to, map: regularizer });
const same = (to: string): FieldRule => ({ to });
/**
 * A weight constraint, as the catalogue builds it in tfjs (harness/architecture/catalogue/options.ts:
 * maxNorm 2 and unitNorm over axis 0, minMaxNorm 0…1 at rate 1): Keras's of the same name and arguments.
 * Keras applies it after every optimizer step; tfjs never does while training (LayerVariable.write is the
 * only place it is applied: setWeights and loading), so steps differ where a constraint binds — a finding
 * the known cause `constraint-ignored-in-training` proves on the case, never a translation gap.
 */
const KERAS_CONSTRAINTS: Record<string, unknown> = {
  maxNorm: { __constraint__: 'MaxNorm', max_value: 2, axis: 0 },
  minMaxNorm: { __constraint__: 'MinMaxNorm', min_value: 0, max_value: 1, rate: 1, axis: 0 },
  nonNeg: { __constraint__: 'NonNeg' },
  unitNorm: { __constraint__: 'UnitNorm', axis: 0 },
};
const constraint = (to: string): FieldRule => ({ to, map: (v) => KERAS_CONSTRAINTS[String(v)] ?? v });

/** Fields of a dense layer (also what a timeDistributed wraps). */
const denseFields: Record<string, FieldRule> = {
  units: same('units'),
  activation: act,
  useBias: same('use_bias'),
  kernelInitializer: copied,
  biasInitializer: copied,
  kernelRegularizer: reg('kernel_regularizer'),
  biasRegularizer: reg('bias_regularizer'),
  activityRegularizer: reg('activity_regularizer'),
  kernelConstraint: constraint('kernel_constraint'),
  biasConstraint: constraint('bias_constraint'),
};

const { units: _units, ...filterFields } = denseFields;
const convFields: Record<string, FieldRule> = {
  ...filterFields,
  filters: same('filters'),
  kernelSize: same('kernel_size'),
  strides: same('strides'),
  padding: same('padding'),
  dilationRate: same('dilation_rate'),
};

const channelsLast = (_c?: Config) => ({ data_format: 'channels_last' });
const convDefaults = (c: Config) => ({
  padding: 'valid',
  strides: 1,
  use_bias: true,
  activation: 'linear',
  ...channelsLast(c),
});

const depthwiseFields: Record<string, FieldRule> = {
  kernelSize: same('kernel_size'),
  strides: same('strides'),
  padding: same('padding'),
  dilationRate: same('dilation_rate'),
  depthMultiplier: same('depth_multiplier'),
  activation: act,
  useBias: same('use_bias'),
  depthwiseInitializer: copied,
  biasInitializer: copied,
  depthwiseRegularizer: reg('depthwise_regularizer'),
  biasRegularizer: reg('bias_regularizer'),
  activityRegularizer: reg('activity_regularizer'),
  depthwiseConstraint: constraint('depthwise_constraint'),
  biasConstraint: constraint('bias_constraint'),
};

const poolFields: Record<string, FieldRule> = {
  poolSize: same('pool_size'),
  strides: same('strides'),
  padding: same('padding'),
};
// tfjs pools with a window of 2 by default and strides equal to the window, as Keras does with strides None.
const poolDefaults = (c: Config) => ({ pool_size: 2, strides: c.poolSize ?? 2, padding: 'valid', ...channelsLast(c) });

/** Cell options every recurrent kind shares (catalogue `recurrentFields`). */
const cellFields: Record<string, FieldRule> = {
  activation: act,
  returnSequences: same('return_sequences'),
  // The reference translates one output per node; a layer's second output (`n:1`) is not wired yet.
  returnState: { none: "a layer's several outputs (returnState) are not translated yet", blocking: true },
  goBackwards: same('go_backwards'),
  useBias: same('use_bias'),
  kernelInitializer: copied,
  recurrentInitializer: copied,
  biasInitializer: copied,
  kernelRegularizer: reg('kernel_regularizer'),
  recurrentRegularizer: reg('recurrent_regularizer'),
  dropout: same('dropout'),
  recurrentDropout: same('recurrent_dropout'),
};
/** Cell-level fields (a cell has no sequence flags). */
const cellOnly = ['activation', 'useBias', 'kernelRegularizer', 'recurrentRegularizer', 'dropout', 'recurrentDropout'];

/**
 * tfjs's recurrent defaults that Keras 3 does not share: LSTM and GRU gates
 * use tfjs's hardSigmoid (Keras: sigmoid), GRU is the reset-before variant
 * (`resetAfter` false; Keras: true), LSTM's `unitForgetBias` is false
 * (Keras: true — it only changes the initializer, stated anyway).
 */
const recurrentDefaults: Record<string, Config> = {
  SimpleRNN: { activation: 'tanh' },
  LSTM: { activation: 'tanh', recurrent_activation: ACTIVATIONS.hardSigmoid, unit_forget_bias: false },
  GRU: { activation: 'tanh', recurrent_activation: ACTIVATIONS.hardSigmoid, reset_after: false },
  ConvLSTM2D: { activation: 'tanh', recurrent_activation: ACTIVATIONS.hardSigmoid, unit_forget_bias: false },
};
recurrentDefaults.SimpleRNNCell = recurrentDefaults.SimpleRNN;
recurrentDefaults.LSTMCell = recurrentDefaults.LSTM;
recurrentDefaults.GRUCell = recurrentDefaults.GRU;
const sequenceDefaults = { return_sequences: false, go_backwards: false, use_bias: true };

const CELLS: Record<string, string> = { simpleRNNCell: 'SimpleRNNCell', gruCell: 'GRUCell', lstmCell: 'LSTMCell' };
const RNN_LAYERS: Record<string, string> = { simpleRNN: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };
/**
 * A stateful layer (simpleRNN, lstm, gru only): Keras needs the model's Input built with a fixed `batch_size`,
 * and its states carried between the reference's calls as tfjs carries them — not built yet, so the spec is not
 * compared rather than compared wrongly.
 */
const statefulField: FieldRule = {
  none: "a stateful RNN needs Keras's Input with the fixed batch and its states carried between calls: not translated yet",
  blocking: true,
};

/** A cell's Keras config from the shared options. */
function cellConfig(className: string, units: unknown, c: Config): Config {
  const out: Config = { ...recurrentDefaults[className], units };
  for (const f of cellOnly) if (c[f] !== undefined) Object.assign(out, applyField(f, cellFields[f], c[f], c));
  return out;
}

function applyField(field: string, rule: FieldRule, value: unknown, c: Config): Config {
  if ('to' in rule) return { [rule.to]: rule.map ? rule.map(value, c) : value };
  return {};
}

const noise = (className: string, field: string, to: string): KindRule => ({
  className,
  fields: {
    [field]: same(to),
    seeded: { none: "tfjs's mask seed: the two libraries draw from their own generators", blocking: false },
  },
});

/** The table: one entry per catalogue kind. */
export const KERAS_TABLE: Record<string, KindRule> = {
  dense: { className: 'Dense', fields: denseFields, defaults: () => ({ activation: 'linear', use_bias: true }) },
  conv1d: { className: 'Conv1D', fields: convFields, defaults: (c) => ({ ...convDefaults(c), dilation_rate: 1 }) },
  conv2d: { className: 'Conv2D', fields: convFields, defaults: (c) => ({ ...convDefaults(c), dilation_rate: 1 }) },
  conv3d: { className: 'Conv3D', fields: convFields, defaults: (c) => ({ ...convDefaults(c), dilation_rate: 1 }) },
  conv2dTranspose: { className: 'Conv2DTranspose', fields: convFields, defaults: convDefaults },
  conv3dTranspose: { className: 'Conv3DTranspose', fields: convFields, defaults: convDefaults },
  depthwiseConv2d: {
    className: 'DepthwiseConv2D',
    fields: depthwiseFields,
    defaults: (c) => ({ ...convDefaults(c), depth_multiplier: 1, dilation_rate: 1 }),
  },
  separableConv2d: {
    className: 'SeparableConv2D',
    fields: {
      ...depthwiseFields,
      filters: same('filters'),
      pointwiseInitializer: copied,
      pointwiseRegularizer: reg('pointwise_regularizer'),
      pointwiseConstraint: constraint('pointwise_constraint'),
    },
    defaults: (c) => ({ ...convDefaults(c), depth_multiplier: 1, dilation_rate: 1 }),
  },
  maxPooling1d: { className: 'MaxPooling1D', fields: poolFields, defaults: poolDefaults },
  averagePooling1d: { className: 'AveragePooling1D', fields: poolFields, defaults: poolDefaults },
  maxPooling2d: { className: 'MaxPooling2D', fields: poolFields, defaults: poolDefaults },
  averagePooling2d: { className: 'AveragePooling2D', fields: poolFields, defaults: poolDefaults },
  maxPooling3d: { className: 'MaxPooling3D', fields: poolFields, defaults: poolDefaults },
  averagePooling3d: { className: 'AveragePooling3D', fields: poolFields, defaults: poolDefaults },
  globalMaxPooling1d: { className: 'GlobalMaxPooling1D', fields: {}, defaults: channelsLast },
  globalAveragePooling1d: { className: 'GlobalAveragePooling1D', fields: {}, defaults: channelsLast },
  globalMaxPooling2d: { className: 'GlobalMaxPooling2D', fields: {}, defaults: channelsLast },
  globalAveragePooling2d: { className: 'GlobalAveragePooling2D', fields: {}, defaults: channelsLast },
  flatten: { className: 'Flatten', fields: {}, defaults: channelsLast },
  reshape: { className: 'Reshape', fields: { targetShape: same('target_shape') } },
  permute: { className: 'Permute', fields: { dims: same('dims') } },
  repeatVector: { className: 'RepeatVector', fields: { n: same('n') } },
  dropout: noise('Dropout', 'rate', 'rate'),
  spatialDropout1d: noise('SpatialDropout1D', 'rate', 'rate'),
  gaussianNoise: noise('GaussianNoise', 'stddev', 'stddev'),
  gaussianDropout: noise('GaussianDropout', 'rate', 'rate'),
  alphaDropout: noise('AlphaDropout', 'rate', 'rate'),
  batchNormalization: {
    className: 'BatchNormalization',
    fields: {
      momentum: same('momentum'),
      epsilon: same('epsilon'),
      center: same('center'),
      scale: same('scale'),
      gammaInitializer: copied,
      betaInitializer: copied,
      gammaRegularizer: reg('gamma_regularizer'),
      betaRegularizer: reg('beta_regularizer'),
    },
    // tfjs: momentum 0.99, epsilon 1e-3 on the last axis (Keras's too; stated so a change in either shows here).
    defaults: () => ({ axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true }),
  },
  layerNormalization: {
    className: 'LayerNormalization',
    fields: {
      epsilon: same('epsilon'),
      center: same('center'),
      scale: same('scale'),
      gammaInitializer: copied,
      betaInitializer: copied,
    },
    defaults: () => ({ axis: -1, epsilon: 1e-3, center: true, scale: true, rms_scaling: false }),
  },
  embedding: {
    className: 'Embedding',
    fields: {
      inputDim: same('input_dim'),
      outputDim: same('output_dim'),
      embeddingsInitializer: copied,
      embeddingsRegularizer: reg('embeddings_regularizer'),
      maskZero: same('mask_zero'),
    },
    defaults: () => ({ mask_zero: false }),
  },
  simpleRNN: {
    className: 'SimpleRNN',
    fields: { units: same('units'), ...cellFields, stateful: statefulField },
    defaults: () => ({ ...recurrentDefaults.SimpleRNN, ...sequenceDefaults }),
  },
  lstm: {
    className: 'LSTM',
    fields: { units: same('units'), ...cellFields, stateful: statefulField },
    defaults: () => ({ ...recurrentDefaults.LSTM, ...sequenceDefaults }),
  },
  gru: {
    className: 'GRU',
    fields: { units: same('units'), ...cellFields, stateful: statefulField },
    defaults: () => ({ ...recurrentDefaults.GRU, ...sequenceDefaults }),
  },
  rnn: {
    className: 'RNN',
    fields: {
      ...cellFields,
      activation: { byKind: true },
      useBias: { byKind: true },
      kernelRegularizer: { byKind: true },
      recurrentRegularizer: { byKind: true },
      dropout: { byKind: true },
      recurrentDropout: { byKind: true },
      cell: { byKind: true },
      units: { byKind: true },
      cells: { byKind: true },
    },
    defaults: () => ({ return_sequences: false, go_backwards: false }),
    extra: (c) => {
      const cells = c.cells as { cell: string; units: number }[] | undefined;
      const one = (kind: string, units: unknown) => ({
        __layer__: { class: CELLS[kind], config: cellConfig(CELLS[kind], units, c) },
      });
      return { cell: cells ? cells.map((s) => one(s.cell, s.units)) : one(String(c.cell), c.units) };
    },
  },
  convLstm2d: {
    className: 'ConvLSTM2D',
    fields: {
      ...cellFields,
      filters: same('filters'),
      kernelSize: same('kernel_size'),
      strides: same('strides'),
      padding: same('padding'),
      dilationRate: same('dilation_rate'),
    },
    defaults: (c) => ({ ...recurrentDefaults.ConvLSTM2D, ...sequenceDefaults, ...convDefaults(c), activation: 'tanh' }),
  },
  bidirectional: {
    className: 'Bidirectional',
    fields: {
      ...Object.fromEntries(Object.keys(cellFields).map((f) => [f, { byKind: true } as FieldRule])),
      layer: { byKind: true },
      units: { byKind: true },
      mergeMode: same('merge_mode'),
    },
    defaults: () => ({ merge_mode: 'concat' }),
    extra: (c) => {
      const inner = RNN_LAYERS[String(c.layer)];
      const config: Config = { ...recurrentDefaults[inner], ...sequenceDefaults, units: c.units };
      for (const [f, rule] of Object.entries(cellFields))
        if (c[f] !== undefined) Object.assign(config, applyField(f, rule, c[f], c));
      return { layer: { __layer__: { class: inner, config } } };
    },
  },
  timeDistributed: {
    className: 'TimeDistributed',
    fields: Object.fromEntries(Object.keys(denseFields).map((f) => [f, { byKind: true } as FieldRule])),
    extra: (c) => {
      const config: Config = { activation: 'linear', use_bias: true };
      for (const [f, rule] of Object.entries(denseFields))
        if (c[f] !== undefined) Object.assign(config, applyField(f, rule, c[f], c));
      return { layer: { __layer__: { class: 'Dense', config } } };
    },
  },
  activation: { className: 'Activation', fields: { activation: act } },
  elu: { className: 'ELU', fields: {}, defaults: () => ({ alpha: 1.0 }) },
  // tfjs's alpha is Keras 3's negative_slope; both default to 0.3.
  leakyReLU: {
    className: 'LeakyReLU',
    fields: { alpha: same('negative_slope') },
    defaults: () => ({ negative_slope: 0.3 }),
  },
  reLU: { className: 'ReLU', fields: { maxValue: same('max_value') } },
  softmax: { className: 'Softmax', fields: { axis: same('axis') }, defaults: () => ({ axis: -1 }) },
  prelu: {
    className: 'PReLU',
    fields: { alphaInitializer: copied, alphaRegularizer: reg('alpha_regularizer'), sharedAxes: same('shared_axes') },
  },
  // Keras 3 has no ThresholdedReLU: ReLU(threshold=θ) is x for x ≥ θ and 0 below, tfjs's x · (x > θ) — equal except at x = θ exactly.
  thresholdedReLU: { className: 'ReLU', fields: { theta: same('threshold') }, defaults: () => ({ threshold: 1.0 }) },
  add: { className: 'Add', fields: {} },
  multiply: { className: 'Multiply', fields: {} },
  average: { className: 'Average', fields: {} },
  maximum: { className: 'Maximum', fields: {} },
  minimum: { className: 'Minimum', fields: {} },
  concatenate: { className: 'Concatenate', fields: { axis: same('axis') }, defaults: () => ({ axis: -1 }) },
  dot: {
    className: 'Dot',
    fields: { axes: same('axes'), normalize: same('normalize') },
    defaults: () => ({ normalize: false }),
  },
  zeroPadding2d: {
    className: 'ZeroPadding2D',
    fields: { padding: same('padding') },
    defaults: (c) => ({ padding: 1, ...channelsLast(c) }),
  },
  cropping2D: { className: 'Cropping2D', fields: { cropping: same('cropping') }, defaults: channelsLast },
  upSampling2d: {
    className: 'UpSampling2D',
    fields: { size: same('size'), interpolation: same('interpolation') },
    defaults: (c) => ({ size: [2, 2], interpolation: 'nearest', ...channelsLast(c) }),
  },
  masking: { className: 'Masking', fields: { maskValue: same('mask_value') }, defaults: () => ({ mask_value: 0 }) },
  rescaling: {
    className: 'Rescaling',
    fields: { scale: same('scale'), offset: same('offset') },
    defaults: () => ({ offset: 0 }),
  },
  centerCrop: { className: 'CenterCrop', fields: { height: same('height'), width: same('width') } },
  resizing: {
    className: 'Resizing',
    fields: {
      height: same('height'),
      width: same('width'),
      interpolation: same('interpolation'),
      cropToAspectRatio: same('crop_to_aspect_ratio'),
    },
    defaults: () => ({ interpolation: 'bilinear', crop_to_aspect_ratio: false }),
  },
  categoryEncoding: {
    className: 'CategoryEncoding',
    fields: {
      numTokens: same('num_tokens'),
      outputMode: {
        to: 'output_mode',
        map: (v) => ({ oneHot: 'one_hot', multiHot: 'multi_hot', count: 'count' })[String(v)] ?? v,
      },
    },
    defaults: () => ({ output_mode: 'multi_hot' }),
  },
  randomWidth: {
    className: 'RandomWidth',
    fields: {},
    none: 'Keras 3 has no RandomWidth layer (its random resizing has no counterpart to compare with)',
  },
  penalizedScale: {
    className: 'PenalizedScale',
    fields: {},
    // Blocking: without the layer there is no model to compare. A Keras twin would be a custom class
    // in keras_reference.py, and its loss (reset at each call) differs from tfjs's by design (add-loss-per-call).
    none: "parity-check's own addLoss-in-call() layer: Keras 3 has no such built-in, and Keras resets call-time losses at each call where tfjs keeps every one (add-loss-per-call)",
  },
  block: {
    className: 'Model',
    fields: {},
    // translateSpec translates a block as a whole (a Keras functional model used as a layer); never one layer.
    none: 'a block is translated with its spec, by translateSpec',
  },
};

/**
 * Translates one spec layer. Fields the config leaves out take tfjs's
 * defaults, written out in Keras's names; a field the table does not know,
 * an activation without a counterpart, or a kind without one is a gap.
 */
export function translateLayer(layer: LayerSpec): LayerTranslation {
  const rule = KERAS_TABLE[layer.kind];
  const gap = (reason: string, field?: string, blocking = true): Untranslated => ({
    layer: layer.id,
    kind: layer.kind,
    field,
    reason,
    blocking,
  });
  if (!rule) return { ok: false, gaps: [gap(`no Keras translation for layer kind '${layer.kind}'`)] };
  if (rule.none) return { ok: false, gaps: [gap(rule.none)] };
  const c = layer.config ?? {};
  const config: Config = { ...(rule.defaults?.(c) ?? {}) };
  const gaps: Untranslated[] = [];
  const notes: Untranslated[] = [];
  for (const [field, value] of Object.entries(c)) {
    if (value === undefined) continue;
    const f = rule.fields[field];
    if (!f) {
      gaps.push(gap(`no Keras translation for tfjs config field '${field}'`, field));
      continue;
    }
    if ('none' in f) (f.blocking ? gaps : notes).push(gap(f.none, field, f.blocking));
    if (!('to' in f)) continue;
    try {
      Object.assign(config, applyField(field, f, value, c));
    } catch (e) {
      gaps.push(gap((e as Error).message, field));
    }
  }
  if (gaps.length > 0) return { ok: false, gaps };
  try {
    Object.assign(config, rule.extra?.(c, layer.id) ?? {});
  } catch (e) {
    return { ok: false, gaps: [gap((e as Error).message)] };
  }
  config.name = layer.id;
  return { ok: true, keras: { class: rule.className, config }, notes };
}

/**
 * The Keras weight a tfjs weight is copied into: the last segment of its
 * structural param (`forward_lstm/kernel` → `kernel`, `RNNCell_1/bias` →
 * `bias`), renamed where Keras 3 names it otherwise. Several weights of one
 * name in a layer (a Bidirectional's two directions, stacked cells) pair by
 * their order, which both libraries share (keras_reference.py checks every
 * shape and that every Keras weight received one).
 */
export function kerasWeightName(kind: string, param: string): string {
  const last = param.split('/').pop()!.replace(/#\d+$/, '');
  // Keras 3's DepthwiseConv2D calls its depthwise kernel `kernel`; SeparableConv2D keeps `depthwise_kernel`.
  if (kind === 'depthwiseConv2d' && last === 'depthwise_kernel') return 'kernel';
  return last;
}
