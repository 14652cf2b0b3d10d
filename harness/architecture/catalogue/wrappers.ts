import { z } from 'zod';
import type { Tf } from '../../runtime/tf';
import type { LayerKind } from './LayerKind';
import { dense } from './dense';
import { gru, lstm, recurrentFields, sampleCellOptions, simpleRNN } from './recurrent';
import { compact, expectRank, float, fmt, positive, rejectActivityRegularizer } from './options';

const wrapped = { simpleRNN, lstm, gru };
const biConfig = z
  .object({
    /** The recurrent layer run forwards and backwards. */
    layer: z.enum(['simpleRNN', 'lstm', 'gru']),
    units: positive,
    /** tfjs's `null` mode (two outputs) has no place in a one-output node. */
    mergeMode: z.enum(['concat', 'sum', 'mul', 'ave']).optional(),
    ...recurrentFields,
  })
  .strict();

type RnnLayer = Parameters<Tf['layers']['bidirectional']>[0]['layer'];

/**
 * `tf.layers.bidirectional` over `[steps, features]`. tfjs rebuilds the
 * wrapped layer twice from its serialized config, seeded initializers
 * included, so the forward and backward weights start equal. Regularizers
 * contribute nothing, as for every tfjs 4.22 RNN (see recurrentFields).
 */
export const bidirectional: LayerKind<z.infer<typeof biConfig>> = {
  kind: 'bidirectional',
  className: 'Bidirectional',
  arity: 'unary',
  config: biConfig,
  output([x], c) {
    const [steps] = expectRank(x, 2, 'bidirectional');
    const units = (c.mergeMode ?? 'concat') === 'concat' ? 2 * c.units : c.units;
    return float(c.returnSequences ? [steps, units] : [units]);
  },
  input: { rank: 2, maxSize: 8 },
  sample: (p) =>
    compact({
      layer: p.pick(['simpleRNN', 'lstm', 'gru'] as const),
      units: p.int(1, 4),
      mergeMode: p.pick([undefined, 'sum', 'mul', 'ave'] as const),
      ...sampleCellOptions(p),
    }),
  signature: ([x]) => `features ${x.shape[1]}`,
  create(ctx) {
    const { layer, mergeMode, ...inner } = ctx.config;
    // A fixed inner name: the directions are named forward_<it> and backward_<it>,
    // which appear in the weight keys (`layer/forward_lstm/kernel`).
    const rnn = wrapped[layer].create({ ...ctx, name: layer, config: inner }) as RnnLayer;
    return ctx.tf.layers.bidirectional({ name: ctx.name, layer: rnn, mergeMode: mergeMode ?? 'concat' });
  },
};

type DenseConfig = Parameters<typeof dense.create>[0]['config'];

/**
 * `tf.layers.timeDistributed` wrapping a dense layer (same config as
 * `dense`), over `[steps, …features]`. tfjs pins the whole input shape at
 * build, steps and batch included: eagerly built, it refuses any other
 * batch size, which is why the subclass side builds its sublayers at the
 * real batch size (SpecSubclass.build).
 */
export const timeDistributed: LayerKind<DenseConfig> = {
  kind: 'timeDistributed',
  className: 'TimeDistributed',
  arity: 'unary',
  config: dense.config,
  output([x], c) {
    const s = expectRank(x, { min: 2 }, 'timeDistributed');
    // Its dense is called inside it, and tfjs refuses that call as it would the dense's own.
    rejectActivityRegularizer('timeDistributed', c.activityRegularizer);
    return float([...s.slice(0, -1), c.units]);
  },
  input: { rank: { min: 2 }, maxSize: 16 },
  sample: (p, inputs) => dense.sample(p, inputs),
  signature: ([x]) => fmt(x.shape),
  // The dense builds inside the wrapper's scope: its weights are keyed `layer/kernel`, `layer/bias`.
  create: (ctx) =>
    ctx.tf.layers.timeDistributed({ name: ctx.name, layer: dense.create({ ...ctx, name: `${ctx.name}_dense` }) }),
};
