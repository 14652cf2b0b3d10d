import type { LayerKind } from './LayerKind';
import { activation } from './activation';
import { elu, leakyReLU, prelu, reLU, softmax, thresholdedReLU } from './advancedActivations';
import { block } from './block';
import { conv1d, conv2d, conv3d } from './convolutional';
import { depthwiseConv2d, separableConv2d } from './convolutionalDepthwise';
import { convLstm2d } from './convolutionalRecurrent';
import { conv2dTranspose, conv3dTranspose } from './convolutionalTranspose';
import { dense } from './dense';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { masking } from './masking';
import { penalizedScale } from './penalizedScale';
import { add, average, concatenate, dot, maximum, minimum, multiply } from './merge';
import { alphaDropout, gaussianDropout, gaussianNoise, spatialDropout1d } from './noise';
import { batchNormalization, layerNormalization } from './normalization';
import { cropping2D, upSampling2d, zeroPadding2d } from './padding';
import * as pooling from './pooling';
import { categoryEncoding, centerCrop, randomWidth, rescaling, resizing } from './preprocessing';
import { gru, lstm, rnn, simpleRNN } from './recurrent';
import { flatten, permute, repeatVector, reshape } from './reshaping';
import { bidirectional, timeDistributed } from './wrappers';

const entries: LayerKind<Record<string, unknown>>[] = [
  dense,
  conv1d,
  conv2d,
  pooling.maxPooling1d,
  pooling.averagePooling1d,
  pooling.maxPooling2d,
  pooling.averagePooling2d,
  pooling.globalMaxPooling1d,
  pooling.globalAveragePooling1d,
  pooling.globalMaxPooling2d,
  pooling.globalAveragePooling2d,
  flatten,
  reshape,
  dropout,
  batchNormalization,
  layerNormalization,
  embedding,
  simpleRNN,
  lstm,
  gru,
  activation,
  add,
  concatenate,
  multiply,
  average,
  block,
  // Added after the first catalogue; kept after it so existing kinds keep their positions.
  conv3d,
  depthwiseConv2d,
  separableConv2d,
  conv2dTranspose,
  conv3dTranspose,
  pooling.maxPooling3d,
  pooling.averagePooling3d,
  elu,
  leakyReLU,
  prelu,
  reLU,
  softmax,
  thresholdedReLU,
  gaussianNoise,
  gaussianDropout,
  alphaDropout,
  spatialDropout1d,
  zeroPadding2d,
  cropping2D,
  upSampling2d,
  permute,
  repeatVector,
  masking,
  maximum,
  minimum,
  dot,
  rnn,
  convLstm2d,
  bidirectional,
  timeDistributed,
  rescaling,
  centerCrop,
  resizing,
  categoryEncoding,
  randomWidth,
  penalizedScale,
];

/** Every layer kind a spec may name, by kind. Adding a family is one file plus one line here. */
export const catalogue: ReadonlyMap<string, LayerKind<Record<string, unknown>>> = new Map(
  entries.map((e) => [e.kind, e]),
);

export { EXCLUDED } from './excluded';

/**
 * Kinds that are not tfjs classes but layers written the way users write
 * them, with what each stands for: the catalogue's check that every kind
 * names a real tfjs class leaves them out.
 */
export const OWN_KINDS: Readonly<Record<string, string>> = {
  penalizedScale: 'a custom layer whose call() adds a loss with this.addLoss, as code ported from Keras does',
};
export { PROVEN_ONE_SIDED, TFJS_NO_GRADIENT, TFJS_ONE_SIDED, UNPROVEN_ONE_SIDED } from './tfjsBugs';
export { NOT_VARIED } from './notVaried';
export type { LayerKind, CreateContext, TypedShape, Initializer, TfLayer, Picker, InputNeed } from './LayerKind';
export { ShapeConflict, UnsupportedShape, outputsOf } from './LayerKind';
