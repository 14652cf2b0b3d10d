import { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { activation, compact, expectRank, float, initializer, makeRegularizer, positive, regularizer, sampleActivation, sampleInitializer, sampleRegularizer } from './options';

const config = z
  .object({
    units: positive,
    activation: activation.optional(),
    returnSequences: z.boolean().optional(),
    goBackwards: z.boolean().optional(),
    useBias: z.boolean().optional(),
    kernelInitializer: initializer.optional(),
    recurrentInitializer: initializer.optional(),
    biasInitializer: initializer.optional(),
    kernelRegularizer: regularizer.optional(),
    recurrentRegularizer: regularizer.optional(),
  })
  .strict();
type RnnConfig = z.infer<typeof config>;

function rnn(kind: string, className: string, make: 'simpleRNN' | 'lstm' | 'gru'): LayerKind<RnnConfig> {
  return {
    kind,
    className,
    arity: 'unary',
    config,
    output([x], c) {
      const [steps] = expectRank(x, 2, kind);
      return float(c.returnSequences ? [steps, c.units] : [c.units]);
    },
    input: { rank: 2, maxSize: 8 },
    sample: (p) =>
      compact({
        units: p.int(1, 6),
        returnSequences: p.bool() ? true : undefined,
        activation: p.bool() ? sampleActivation(p) : undefined,
        goBackwards: p.bool() ? true : undefined,
        useBias: p.bool() ? false : undefined,
        kernelInitializer: sampleInitializer(p),
        recurrentInitializer: p.pick([undefined, 'orthogonal', 'heNormal'] as const),
        kernelRegularizer: sampleRegularizer(p),
        recurrentRegularizer: p.bool() ? sampleRegularizer(p) : undefined,
      }),
    signature: ([x]) => `features ${x.shape[1]}`,
    create: ({ tf, name, config: c, init }) =>
      tf.layers[make]({
        name,
        units: c.units,
        activation: c.activation,
        returnSequences: c.returnSequences ?? false,
        goBackwards: c.goBackwards ?? false,
        useBias: c.useBias ?? true,
        kernelInitializer: init('kernel', c.kernelInitializer, 'glorotUniform'),
        // Orthogonal (tfjs's default) is seeded too, but it is slow in tfjs; glorot keeps cases fast.
        recurrentInitializer: init('recurrent_kernel', c.recurrentInitializer, 'glorotUniform'),
        biasInitializer: init('bias', c.biasInitializer, 'zeros'),
        kernelRegularizer: makeRegularizer(tf, c.kernelRegularizer),
        recurrentRegularizer: makeRegularizer(tf, c.recurrentRegularizer),
      }),
  };
}

/** `tf.layers.simpleRNN` over `[steps, features]`. */
export const simpleRNN = rnn('simpleRNN', 'SimpleRNN', 'simpleRNN');
/** `tf.layers.lstm` over `[steps, features]`. */
export const lstm = rnn('lstm', 'LSTM', 'lstm');
/** `tf.layers.gru` over `[steps, features]`. */
export const gru = rnn('gru', 'GRU', 'gru');
