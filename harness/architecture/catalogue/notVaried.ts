/**
 * Config fields the generator leaves at one value on purpose, by kind, each
 * with the reason. Every other field of every kind the generator produces
 * takes at least two values in generated specs, which
 * `specs/unit/generate/optionCoverage.spec.ts` measures; it also fails when
 * a field listed here starts to vary, so the list stays true. Hand-written
 * specs may set all of them.
 */
export const NOT_VARIED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  batchNormalization: {
    center:
      'tfjs 4.22 crashes in training without it, on both sides alike (fixtures/regressions/batchnorm-without-center.json)',
    scale:
      'tfjs 4.22 crashes in training without it, on both sides alike (fixtures/regressions/batchnorm-without-scale.json)',
  },
  layerNormalization: {
    center:
      'tfjs 4.22 fails in its gradient without it, on both sides alike (fixtures/regressions/layernorm-without-center.json)',
    scale:
      'tfjs 4.22 fails in its gradient without it, on both sides alike (fixtures/regressions/layernorm-without-scale.json)',
  },
  embedding: {
    inputDim:
      "set by the decoder from the int32 input's id bound: any other value either wastes rows or lets ids fall outside the table",
    maskZero:
      'the functional executor hands the mask on to every later layer (known cause executor-mask-leak), so nearly every case would end there, one-sided',
  },
  timeDistributed: {
    activityRegularizer:
      'tfjs refuses any call of a layer with one (a predicted agreed-error at build); the decoder draws it only on layers it places directly (its penalize step)',
  },
  depthwiseConv2d: {
    depthwiseRegularizer:
      "tfjs 4.22's getConfig writes it as the constraint too, so every such case fails to reload on the functional side (fixtures/regressions/depthwise-regularizer-reload.json)",
  },
};
