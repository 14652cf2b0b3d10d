import { z } from 'zod';
import type { Tf } from '../../runtime/tf';
import type { Shape } from '../types';
import { ShapeConflict, UnsupportedShape, type TypedShape } from './LayerKind';

/** Activation names tfjs accepts (a subset common to all its layers). */
export const activationNames = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
] as const;
export const activation = z.enum(activationNames);

/** Initializer names the builders can seed. */
export const initializerNames = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'lecunUniform',
  'lecunNormal',
  'randomUniform',
  'randomNormal',
  'truncatedNormal',
  'orthogonal',
  'zeros',
  'ones',
] as const;
export const initializer = z.enum(initializerNames);

/** `{ l1?, l2? }`, built as `tf.regularizers.l1l2`. */
export const regularizer = z
  .object({ l1: z.number().nonnegative().optional(), l2: z.number().nonnegative().optional() })
  .strict();
export type RegularizerSpec = z.infer<typeof regularizer>;

/** tfjs regularizer from a spec entry, or undefined. */
export function makeRegularizer(tf: Tf, r: RegularizerSpec | undefined) {
  return r === undefined ? undefined : tf.regularizers.l1l2({ l1: r.l1 ?? 0, l2: r.l2 ?? 0 });
}

/**
 * Weight constraints, built with `axis: 0` where tfjs takes one
 * (`tf.constraints.unitNorm()` without an axis crashes when applied). tfjs
 * applies a constraint only when a weight is written (`setWeights`, loading a
 * saved model), never after an optimizer step as Keras does.
 */
export const constraintNames = ['maxNorm', 'minMaxNorm', 'nonNeg', 'unitNorm'] as const;
export const constraint = z.enum(constraintNames);
export type ConstraintName = z.infer<typeof constraint>;

/** tfjs constraint from a spec entry, or undefined. */
export function makeConstraint(tf: Tf, c: ConstraintName | undefined) {
  switch (c) {
    case undefined:
      return undefined;
    case 'maxNorm':
      return tf.constraints.maxNorm({ maxValue: 2, axis: 0 });
    case 'minMaxNorm':
      return tf.constraints.minMaxNorm({ minValue: 0, maxValue: 1, axis: 0 });
    case 'nonNeg':
      return tf.constraints.nonNeg();
    case 'unitNorm':
      return tf.constraints.unitNorm({ axis: 0 });
  }
}

/**
 * An activity regularizer: tfjs 4.22 takes it in every layer's config and
 * refuses every call of that layer, eager or symbolic ("Layer invocation in
 * the presence of activity regularizer(s) is not supported yet",
 * `Layer.apply` in tfjs-layers/src/engine/topology.ts). Shape rules report
 * it as a conflict, so a spec with one is a predicted agreed-error at build.
 */
export function rejectActivityRegularizer(kind: string, r: RegularizerSpec | undefined): void {
  if (r !== undefined)
    throw new ShapeConflict(
      `${kind}: tfjs refuses to call a layer with an activityRegularizer (Layer invocation in the presence of activity regularizer(s) is not supported yet)`,
    );
}

export const padding = z.enum(['valid', 'same']);
export const positive = z.number().int().positive();
export const sizeOrPair = z.union([positive, z.tuple([positive, positive])]);
export const sizeOrTriple = z.union([positive, z.tuple([positive, positive, positive])]);

/** `[a, a]` for a number, the pair itself otherwise. */
export function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/** `[a, a, a]` for a number, the triple itself otherwise. */
export function triple(v: number | [number, number, number]): [number, number, number] {
  return typeof v === 'number' ? [v, v, v] : v;
}

/** Signature of a layer that fixes its input's rank and channel count (the last axis) when built. */
export const channelsSignature = ([x]: TypedShape[]) =>
  `rank ${x.shape.length}, channels ${x.shape[x.shape.length - 1]}`;

/** Output length of a sliding window, as tfjs computes it; conflicts when it is empty. */
export function windowLength(
  length: number,
  size: number,
  stride: number,
  pad: 'valid' | 'same',
  dilation = 1,
  what = 'window',
): number {
  const span = (size - 1) * dilation + 1;
  const out = pad === 'same' ? Math.ceil(length / stride) : Math.floor((length - span) / stride) + 1;
  if (out < 1)
    throw new UnsupportedShape(
      `${what} of ${span} does not fit an input of length ${length}: the output axis would be empty`,
    );
  return out;
}

/** Checks rank (and float dtype, since only embeddings take integers). */
export function expectRank(input: TypedShape, rank: number | { min: number }, what: string): Shape {
  const ok = typeof rank === 'number' ? input.shape.length === rank : input.shape.length >= rank.min;
  if (!ok) {
    const want = typeof rank === 'number' ? `${rank}` : `at least ${rank.min}`;
    throw new ShapeConflict(`${what} needs inputs of rank ${want} (batch excluded), got [${input.shape.join(', ')}]`);
  }
  if (input.dtype !== 'float32') throw new ShapeConflict(`${what} needs float32 input, got ${input.dtype}`);
  return input.shape;
}

export const float = (shape: Shape): TypedShape => ({ shape, dtype: 'float32' });
export const fmt = (s: Shape) => `[${s.join(', ')}]`;

/** Sampling helpers shared by the catalogue entries (simplest first). */
export const sampleActivation = (p: { pick<T>(o: readonly T[]): T }) =>
  p.pick([
    undefined,
    'relu',
    'tanh',
    'sigmoid',
    'linear',
    'elu',
    'selu',
    'softplus',
    'softsign',
    'relu6',
    'hardSigmoid',
    'swish',
    'mish',
    'gelu',
    'softmax',
  ] as const);
export const sampleInitializer = (p: { pick<T>(o: readonly T[]): T }) =>
  p.pick([undefined, ...initializerNames] as const);
/** For 1-D weights (biases, gamma, beta): tfjs's orthogonal initializer only takes 2-D shapes. */
export const sampleVectorInitializer = (p: { pick<T>(o: readonly T[]): T }) =>
  p.pick([undefined, ...initializerNames.filter((n) => n !== 'orthogonal')] as const);
export const sampleRegularizer = (p: { pick<T>(o: readonly T[]): T }): RegularizerSpec | undefined =>
  p.pick([undefined, { l2: 0.01 }, { l1: 0.01 }, { l1: 0.005, l2: 0.005 }] as const);
/** A constraint for about one weight in five, simplest (none) first. */
export const sampleConstraint = (p: { pick<T>(o: readonly T[]): T }): ConstraintName | undefined =>
  p.pick([undefined, undefined, undefined, undefined, ...constraintNames] as const);
/**
 * A dilation rate of 2 for about one window in two that can take it
 * (`same` padding, or a dilated kernel that still fits every axis), else
 * unset. tfjs 4.22 has no gradient for a dilated conv1d/conv2d/conv3d/
 * separableConv2d/convLstm2d kernel, so those cases compare build, init and
 * forward and then fail training on both sides alike.
 */
export function sampleDilation(
  p: { pick<T>(o: readonly T[]): T },
  spatial: number[],
  kernel: number | number[],
  pad: 'valid' | 'same' | undefined,
): number | undefined {
  const ks = typeof kernel === 'number' ? spatial.map(() => kernel) : kernel;
  const fits = pad === 'same' || spatial.every((d, i) => 2 * (ks[i] - 1) + 1 <= d);
  const drawn = p.pick([undefined, 2] as const);
  return fits ? drawn : undefined;
}
/** Drops keys whose value is undefined, so sampled configs stay minimal JSON. */
export function compact<T extends Record<string, unknown>>(c: T): T {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as T;
}
