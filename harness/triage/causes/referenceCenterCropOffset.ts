import { allLayers } from '../../architecture/nestedSpecs';
import type { KnownCause } from '../KnownCause';
import { renameKerasClass, type KerasLayers } from './kerasLayerConfigs';

/**
 * tfjs 4.22's `CenterCrop.call` (tfjs-layers layers/preprocessing/center_crop.ts) sets the width offset to 1 where
 * `floor((inputWidth − width) / 2)` is 0 — an odd difference of 1 — but not the height's, and crops with
 * `cropAndResize` ('nearest'), so a 6×6 image cropped to 5×5 keeps columns 1–5 where Keras 3 (and tfjs's own rows)
 * keep 0–4. Both tfjs sides share it; only the Keras reference sees it.
 *
 * Proof by counterfactual: the Keras reference runs tfjs's CenterCrop computation (`TfjsCenterCrop`: the same boxes,
 * the same offsets, the same nearest crop) in place of Keras's, and the case runs again.
 */
export const referenceCenterCropOffset: KnownCause = {
  id: 'center-crop-offset',
  fixture: 'fixtures/regressions/reference/center-crop-offset.json',
  summary:
    "tfjs's CenterCrop moves the width offset from 0 to 1 (an odd difference of 1), so it crops one column to the right of Keras's centre",
  suspect: (r) =>
    r.divergences.some((d) => d.reference === 'keras') &&
    r.spec !== undefined &&
    allLayers(r.spec).some((l) => l.kind === 'centerCrop'),
  counterfactual: {
    evidence: "gone when the Keras reference crops as tfjs's CenterCrop does (its offsets and nearest crop) (rerun)",
    hooks: () => ({
      referenceModel: (model) => renameKerasClass(model.layers as KerasLayers, 'CenterCrop', 'TfjsCenterCrop'),
    }),
  },
};
