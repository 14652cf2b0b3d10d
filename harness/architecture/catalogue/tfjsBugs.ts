/**
 * Catalogue kinds that tfjs 4.22 runs in one construction but not the
 * other, with where and why. Every case using one can end in a one-sided
 * error (reproduced by specs/unit/architecture/catalogueCoverage.spec.ts,
 * and each by its regression fixture in fixtures/regressions/). The
 * generator draws them when a known cause proves on the case what happens
 * (PROVEN_ONE_SIDED: today all five), and leaves out the others
 * (UNPROVEN_ONE_SIDED) rather than find them again, unexplained, in every
 * campaign.
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
 * what happens to them on the case (kind → the cause's id; each cause's
 * counterfactual reruns the case with the kind's faulty methods doing what
 * Keras's do): the campaign then keeps checking that tfjs still behaves
 * so, and that nothing else hides behind it. A case whose rerun goes on to
 * meet something else (a later checkpoint both sides fail, a divergence
 * the one-sided error hid) stays new: the proof needs nothing else to move.
 * The others stay out until a cause proves theirs.
 */
export const PROVEN_ONE_SIDED: Readonly<Record<string, string>> = {
  masking: 'executor-mask-leak',
  resizing: 'resizing-functional',
  randomWidth: 'random-width-functional',
  centerCrop: 'center-crop-functional',
  categoryEncoding: 'category-encoding-functional',
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
