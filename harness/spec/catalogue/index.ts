import type { LayerKind } from './LayerKind';
import { activation } from './activation';
import { block } from './block';
import { conv1d, conv2d } from './convolutional';
import { dense } from './dense';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { add, average, concatenate, multiply } from './merge';
import { batchNormalization, layerNormalization } from './normalization';
import * as pooling from './pooling';
import { gru, lstm, simpleRNN } from './recurrent';
import { flatten, reshape } from './reshaping';

const entries: LayerKind<any>[] = [
  dense, conv1d, conv2d,
  ...Object.values(pooling),
  flatten, reshape, dropout, batchNormalization, layerNormalization, embedding,
  simpleRNN, lstm, gru, activation, add, concatenate, multiply, average, block,
];

/** Every layer kind a spec may name, by kind. Adding a family is one file plus one line here. */
export const catalogue: ReadonlyMap<string, LayerKind<any>> = new Map(entries.map((e) => [e.kind, e]));

export type { LayerKind, CreateContext, TypedShape, Initializer, TfLayer, Picker, InputNeed } from './LayerKind';
export { ShapeConflict, UnsupportedShape } from './LayerKind';
