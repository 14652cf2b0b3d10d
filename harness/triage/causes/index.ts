import type { KernelCause } from '../KernelCause';
import type { KnownCause } from '../KnownCause';
import { addLossPerCall } from './addLossPerCall';
import { constraintAppliedAtLoad } from './constraintAppliedAtLoad';
import { onednnConvBackpropInput } from './onednnConvBackpropInput';
import { tensorflowRoundInt32 } from './tensorflowRoundInt32';
import { depthwiseRegularizerAsConstraint } from './depthwiseRegularizerAsConstraint';
import { executorMaskLeak } from './executorMaskLeak';
import { multiOutputExecutor } from './multiOutputExecutor';
import { multiOutputFit } from './multiOutputFit';
import { referenceDepthwiseDilation } from './referenceDepthwiseDilation';
import { referenceConstraintIgnored } from './referenceConstraintIgnored';
import { referenceAbsGradient } from './referenceAbsGradient';
import { referenceTransposedDilation } from './referenceTransposedDilation';
import { referenceCenterCropOffset } from './referenceCenterCropOffset';
import { referenceUpsamplingBilinear } from './referenceUpsamplingBilinear';
import { referenceOptimizerFormula } from './referenceOptimizerFormula';
import { referenceRnnRegularizers } from './referenceRnnRegularizers';
import { nestedDuplicateWeightNames } from './nestedDuplicateWeightNames';
import { rnnStateIsOutput } from './rnnStateIsOutput';
import { separableDepthMultiplier } from './separableDepthMultiplier';
import { sharedLayerDispose } from './sharedLayerDispose';
import { sharedRegularizer } from './sharedRegularizer';
import { wasmConv3dBackpropInput } from './wasmConv3dBackpropInput';
import { resizingFunctional } from './resizingFunctional';
import { randomWidthFunctional } from './randomWidthFunctional';
import { centerCropFunctional } from './centerCropFunctional';
import { categoryEncodingFunctional } from './categoryEncodingFunctional';

/** The causes parity-check knows. Adding one is a file here plus its regression fixture. */
export const KNOWN_CAUSES: readonly KnownCause[] = [
  sharedRegularizer,
  multiOutputFit,
  multiOutputExecutor,
  rnnStateIsOutput,
  nestedDuplicateWeightNames,
  sharedLayerDispose,
  depthwiseRegularizerAsConstraint,
  constraintAppliedAtLoad,
  executorMaskLeak,
  separableDepthMultiplier,
  wasmConv3dBackpropInput,
  addLossPerCall,
  // Preprocessing layers tfjs runs in a subclass but not in a functional model.
  resizingFunctional,
  randomWidthFunctional,
  centerCropFunctional,
  categoryEncodingFunctional,
  // Found by the Keras reference (--reference keras): tfjs behaviours both sides share.
  referenceDepthwiseDilation,
  referenceRnnRegularizers,
  referenceOptimizerFormula,
  referenceConstraintIgnored,
  referenceAbsGradient,
  referenceTransposedDilation,
  referenceCenterCropOffset,
  referenceUpsamplingBilinear,
];

/** The backend behaviours that explain a kernel finding (`--backends`, `--kernels`), each confirmed on the finding. */
export const KERNEL_CAUSES: readonly KernelCause[] = [onednnConvBackpropInput, tensorflowRoundInt32];
