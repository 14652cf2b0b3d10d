/**
 * Catalogue kinds that tfjs 4.22 runs in one construction but not the
 * other, with where and why. Every case using one (masking: many) ends in
 * a one-sided error that is already known (reproduced by
 * specs/unit/architecture/catalogueCoverage.spec.ts and, for masking,
 * fixtures/regressions/masking-mask-leaks-to-later-layers.json). The
 * generator leaves out those whose outcome no known cause proves
 * (UNPROVEN_ONE_SIDED) rather than find them again, unexplained, in every
 * campaign; masking, which executor-mask-leak proves, is generated.
 */
export const TFJS_ONE_SIDED: Readonly<Record<string, string>> = {
  resizing:
    'functional: call hands its input list to the resize op ("x must be rank 3 or 4"), and computeOutputShape drops the batch axis',
  randomWidth:
    'functional: call hands its input list to the resize op, and computeOutputShape is [undefined, -1, inputWidth]',
  centerCrop:
    "functional: computeOutputShape overwrites its input's symbolic shape (a model input then refuses real data), and upsizing hands the input list to resizeBilinear",
  categoryEncoding:
    "functional: computeOutputShape overwrites its input's symbolic shape, so predict and fit refuse the real ids",
  masking:
    "functional, in about 1 graph in 8 with it: tfjs's executor writes a node's input mask into the one kwargs object it hands every later node, so each layer after the first mask gets a mask that is not its own (convLstm2d's transpose, onesLike(null), broadcast errors); the subclass side hands each layer its own inputs' masks",
};

/**
 * One-sided kinds generated all the same, because a known cause proves
 * what happens to them on the case (kind → the cause's id): the campaign
 * then keeps checking that tfjs still behaves so, and that nothing else
 * hides behind it. The others stay out until a cause proves theirs.
 */
export const PROVEN_ONE_SIDED: Readonly<Record<string, string>> = {
  masking: 'executor-mask-leak',
};

/** {@link TFJS_ONE_SIDED} kinds the generator leaves out: no known cause proves what happens to them yet. */
export const UNPROVEN_ONE_SIDED: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TFJS_ONE_SIDED).filter(([k]) => !(k in PROVEN_ONE_SIDED)),
);

/**
 * Catalogue kinds tfjs 4.22 cannot differentiate through: with weights
 * upstream, every training checkpoint fails on both sides alike
 * (agreed-error), so such cases compare forward passes only.
 */
export const TFJS_NO_GRADIENT: Readonly<Record<string, string>> = {
  thresholdedReLU: 'no gradient for Greater',
  masking: 'no gradient for Any',
  conv3dTranspose: 'no gradient for Conv3DBackpropInputV2',
  centerCrop: 'no gradient for CropAndResize (when it crops rather than upsizes)',
};
