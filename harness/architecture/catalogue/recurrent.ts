import { z } from 'zod';
import type { CreateContext, LayerKind, Picker } from './LayerKind';
import {
  activation,
  compact,
  expectRank,
  float,
  initializer,
  makeRegularizer,
  positive,
  regularizer,
  sampleActivation,
  sampleInitializer,
  sampleRegularizer,
  sampleVectorInitializer,
} from './options';

/**
 * Options every recurrent kind shares: the cell's options and the sequence
 * flags. tfjs 4.22 RNN layers do not report their cell's regularizer
 * losses, so the regularizers are accepted and contribute nothing, on both
 * sides alike. Dropout masks are keep()-ed by tfjs and outlive the layer's
 * dispose() (the case's tensor ledger reclaims them); `tf.layers.rnn` with
 * an explicit cell never clears them, so its first call's mask is reused
 * for good — on both sides alike, as both make the same calls
 * (catalogueCoverage.spec.ts shows both behaviours).
 */
export const recurrentFields = {
  activation: activation.optional(),
  returnSequences: z.boolean().optional(),
  goBackwards: z.boolean().optional(),
  useBias: z.boolean().optional(),
  kernelInitializer: initializer.optional(),
  recurrentInitializer: initializer.optional(),
  biasInitializer: initializer.optional(),
  kernelRegularizer: regularizer.optional(),
  recurrentRegularizer: regularizer.optional(),
  /** Fraction of the inputs dropped in training; the mask comes from the (reseeded) global generator, as tfjs takes no seed for it. */
  dropout: z.number().min(0).lt(1).optional(),
  /** Fraction of the recurrent state dropped in training, likewise unseeded. */
  recurrentDropout: z.number().min(0).lt(1).optional(),
};
type CellOptions = z.infer<z.ZodObject<typeof recurrentFields>>;

/** Config of simpleRNN, lstm and gru (and of the layer a bidirectional wraps). */
export const recurrentConfig = z.object({ units: positive, ...recurrentFields }).strict();
/**
 * Config of a simpleRNN, lstm or gru node: {@link recurrentConfig} and
 * `returnState`, which makes one application return the output and then
 * the final states (`n`, `n:1`, and `n:2` for an LSTM's cell state).
 */
const rnnLayerConfig = z
  .object({
    units: positive,
    ...recurrentFields,
    returnState: z.boolean().optional(),
    /** Carry the last state into the next call (tfjs needs the spec's inputs at a fixed `batchSize`). */
    stateful: z.boolean().optional(),
  })
  .strict();
type RnnConfig = z.infer<typeof rnnLayerConfig>;

const cellKinds = ['simpleRNNCell', 'gruCell', 'lstmCell'] as const;
const cellKind = z.enum(cellKinds);
const rnnConfig = z
  .object({
    cell: z.enum([...cellKinds, 'stackedRNNCells']),
    /** Units of a single cell. */
    units: positive.optional(),
    /** The stacked cells, bottom first (stackedRNNCells only). */
    cells: z
      .array(z.object({ cell: cellKind, units: positive }).strict())
      .min(1)
      .optional(),
    ...recurrentFields,
  })
  .strict()
  .superRefine((c, ctx) => {
    const stacked = c.cell === 'stackedRNNCells';
    if (stacked && c.cells === undefined)
      ctx.addIssue({ code: 'custom', path: ['cells'], message: 'stackedRNNCells needs its cells' });
    if (stacked && c.units !== undefined)
      ctx.addIssue({ code: 'custom', path: ['units'], message: 'stackedRNNCells takes units per cell, in cells' });
    if (!stacked && c.units === undefined)
      ctx.addIssue({ code: 'custom', path: ['units'], message: `${c.cell} needs units` });
    if (!stacked && c.cells !== undefined)
      ctx.addIssue({ code: 'custom', path: ['cells'], message: 'only stackedRNNCells takes cells' });
  });
type GenericRnnConfig = z.infer<typeof rnnConfig>;

/** tfjs arguments for a cell's options, every initializer seeded under `prefix`. */
export function cellArgs(c: CellOptions, { tf, init }: Pick<CreateContext<unknown>, 'tf' | 'init'>, prefix = '') {
  return {
    activation: c.activation,
    useBias: c.useBias ?? true,
    kernelInitializer: init(`${prefix}kernel`, c.kernelInitializer, 'glorotUniform'),
    // Orthogonal (tfjs's default) is seeded too, but it is slow in tfjs; glorot keeps cases fast.
    recurrentInitializer: init(`${prefix}recurrent_kernel`, c.recurrentInitializer, 'glorotUniform'),
    biasInitializer: init(`${prefix}bias`, c.biasInitializer, 'zeros'),
    kernelRegularizer: makeRegularizer(tf, c.kernelRegularizer),
    recurrentRegularizer: makeRegularizer(tf, c.recurrentRegularizer),
    dropout: c.dropout,
    recurrentDropout: c.recurrentDropout,
  };
}

/**
 * Sampled values of every cell option ({@link recurrentFields}), simplest
 * first: one helper for all recurrent kinds, so none is left with options
 * that are never generated.
 */
export function sampleCellOptions(p: Picker): CellOptions {
  return {
    returnSequences: p.bool() ? true : undefined,
    activation: p.bool() ? sampleActivation(p) : undefined,
    goBackwards: p.bool() ? true : undefined,
    useBias: p.bool() ? false : undefined,
    kernelInitializer: sampleInitializer(p),
    recurrentInitializer: p.pick([undefined, 'orthogonal', 'heNormal'] as const),
    biasInitializer: p.bool() ? sampleVectorInitializer(p) : undefined,
    kernelRegularizer: sampleRegularizer(p),
    recurrentRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
    dropout: p.bool() ? p.pick([0.5, 0.25] as const) : undefined,
    recurrentDropout: p.bool() ? p.pick([0.5, 0.25] as const) : undefined,
  };
}

function recurrentLayer(kind: string, className: string, make: 'simpleRNN' | 'lstm' | 'gru'): LayerKind<RnnConfig> {
  const states = make === 'lstm' ? 2 : 1;
  const entry: LayerKind<RnnConfig> = {
    kind,
    className,
    arity: 'unary',
    config: rnnLayerConfig,
    output: (inputs, c) => entry.outputs!(inputs, c)[0],
    outputs([x], c) {
      const [steps] = expectRank(x, 2, kind);
      const out = float(c.returnSequences ? [steps, c.units] : [c.units]);
      return c.returnState ? [out, ...Array.from({ length: states }, () => float([c.units]))] : [out];
    },
    outputCount: (c) => (c.returnState ? 1 + states : 1),
    input: { rank: 2, maxSize: 8 },
    sample: (p) =>
      compact({ units: p.int(1, 6), ...sampleCellOptions(p), returnState: p.int(0, 3) === 3 ? true : undefined }),
    // tfjs fixes only the feature axis at build: the step count may vary.
    signature: ([x]) => `features ${x.shape[1]}`,
    create: (ctx) =>
      ctx.tf.layers[make]({
        name: ctx.name,
        units: ctx.config.units,
        returnSequences: ctx.config.returnSequences ?? false,
        returnState: ctx.config.returnState ?? false,
        goBackwards: ctx.config.goBackwards ?? false,
        stateful: ctx.config.stateful ?? false,
        ...cellArgs(ctx.config, ctx),
      }),
  };
  return entry;
}

/** `tf.layers.simpleRNN` over `[steps, features]`. */
export const simpleRNN = recurrentLayer('simpleRNN', 'SimpleRNN', 'simpleRNN');
/** `tf.layers.lstm` over `[steps, features]`. */
export const lstm = recurrentLayer('lstm', 'LSTM', 'lstm');
/** `tf.layers.gru` over `[steps, features]`. */
export const gru = recurrentLayer('gru', 'GRU', 'gru');

/**
 * `tf.layers.rnn` over `[steps, features]` with an explicit cell
 * (`tf.layers.simpleRNNCell`, `gruCell`, `lstmCell`) or a
 * `tf.layers.stackedRNNCells` of them. This is where the cell types take
 * part: a cell alone is not a layer a node can apply.
 */
export const rnn: LayerKind<GenericRnnConfig> = {
  kind: 'rnn',
  className: 'RNN',
  arity: 'unary',
  config: rnnConfig,
  output([x], c) {
    const [steps] = expectRank(x, 2, 'rnn');
    const units = c.cells ? c.cells[c.cells.length - 1].units : c.units!;
    return float(c.returnSequences ? [steps, units] : [units]);
  },
  input: { rank: 2, maxSize: 8 },
  sample(p) {
    const cell = p.pick([...cellKinds, 'stackedRNNCells'] as const);
    const shape =
      cell === 'stackedRNNCells'
        ? { cells: [0, 1].map(() => ({ cell: p.pick(cellKinds), units: p.int(1, 4) })) }
        : { units: p.int(1, 6) };
    return compact({ cell, ...shape, ...sampleCellOptions(p) });
  },
  signature: ([x]) => `features ${x.shape[1]}`,
  create(ctx) {
    const { tf, name, config: c } = ctx;
    // Cells get fixed names: tfjs would number them from a global counter,
    // which differs between the sides and shows in their serialized config.
    const make = (kind: (typeof cellKinds)[number], units: number, id: string, prefix: string) =>
      tf.layers[kind]({ name: `${name}_${id}`, units, ...cellArgs(c, ctx, prefix) });
    // Stacked cells build in scopes RNNCell_<i>, so their weights are keyed `layer/RNNCell_<i>/param`.
    const cell = c.cells
      ? tf.layers.stackedRNNCells({
          name: `${name}_cells`,
          cells: c.cells.map((s, i) => make(s.cell, s.units, `cell${i}`, `cell${i}/`)),
        })
      : make(c.cell as (typeof cellKinds)[number], c.units!, 'cell', '');
    return tf.layers.rnn({
      name,
      cell,
      returnSequences: c.returnSequences ?? false,
      goBackwards: c.goBackwards ?? false,
    });
  },
};
