import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { eachKerasConfig, type KerasLayers } from './kerasLayerConfigs';

const RECURRENT = new Set(['simpleRNN', 'lstm', 'gru', 'rnn', 'bidirectional', 'convLstm2d']);
const FIELDS = ['kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer'];
/** Keras's recurrent layers and cells, whose regularizers tfjs drops. */
const KERAS_RECURRENT = new Set([
  'SimpleRNN',
  'LSTM',
  'GRU',
  'RNN',
  'Bidirectional',
  'ConvLSTM2D',
  'SimpleRNNCell',
  'LSTMCell',
  'GRUCell',
]);

/**
 * tfjs 4.22's recurrent layers never report their cell's regularization
 * losses: the regularizers are set on the cell, whose weights the RNN
 * layer adds without them, so `model.losses` has no term for them (Keras
 * counts them). The data loss agrees; the regularization and every
 * gradient and step after it do not.
 *
 * Proof by counterfactual: the Keras reference runs its recurrent layers
 * without their regularizers, as tfjs does, and the case runs again.
 */
export const referenceRnnRegularizers: KnownCause = {
  id: 'rnn-regularizers-dropped',
  fixture: 'fixtures/regressions/reference/lstm-regularizer.json',
  summary: "tfjs's recurrent layers drop their cell's regularization losses (Keras counts them)",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras' && d.checkpoint !== 'forward') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) => RECURRENT.has(l.kind) && FIELDS.some((f) => l.config?.[f] !== undefined)),
  counterfactual: {
    evidence: 'gone when the Keras reference runs its recurrent layers without regularizers, as tfjs does (rerun)',
    hooks: () => ({
      // Every recurrent layer and its cells, in nested blocks and wrappers too (a Bidirectional's LSTM).
      referenceModel: (model) =>
        eachKerasConfig(model.layers as KerasLayers, (config, kerasClass) => {
          if (KERAS_RECURRENT.has(kerasClass))
            for (const f of ['kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer']) delete config[f];
        }),
    }),
  },
};
