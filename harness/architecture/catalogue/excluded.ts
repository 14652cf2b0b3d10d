/**
 * `tf.layers` exports (tfjs 4.22) that are not catalogue kinds, by export
 * name, with why. Every other distinct layer type tfjs exports is a kind
 * (aliases such as `avgPool1d` are the same type as their kind); a unit
 * test holds the two lists against tfjs's own exports.
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  Layer: 'the abstract base class: a custom layer is what a pair module compares, not a spec kind',
  RNNCell: 'the abstract base class of cells; the concrete cells take part through the rnn kind',
  input: 'makes a SymbolicTensor, not a layer: spec inputs are built with it on the functional side',
  inputLayer: 'the functional side makes its own input layers from spec inputs; a subclass has none to compare',
  simpleRNNCell:
    "a cell maps [input, ...states] to [output, ...states], not one tensor to one; it takes part as the rnn kind's cell",
  gruCell:
    "a cell maps [input, ...states] to [output, ...states], not one tensor to one; it takes part as the rnn kind's cell",
  lstmCell:
    "a cell maps [input, ...states] to [output, ...states], not one tensor to one; it takes part as the rnn kind's cell",
  stackedRNNCells:
    "a cell maps [input, ...states] to [output, ...states], not one tensor to one; it takes part as the rnn kind's cell",
  convLstm2dCell:
    'a cell maps [input, h, c] to [output, h, c], and tfjs cannot stack convolutional cells in rnn; it takes part inside convLstm2d',
};
