import type { KernelCause } from '../KernelCause';
import type { KnownCause } from '../KnownCause';
import { onednnConvBackpropInput } from './onednnConvBackpropInput';
import { tensorflowRoundInt32 } from './tensorflowRoundInt32';
import { depthwiseRegularizerAsConstraint } from './depthwiseRegularizerAsConstraint';
import { executorMaskLeak } from './executorMaskLeak';
import { multiOutputFit } from './multiOutputFit';
import { nestedDuplicateWeightNames } from './nestedDuplicateWeightNames';
import { separableDepthMultiplier } from './separableDepthMultiplier';
import { sharedLayerDispose } from './sharedLayerDispose';
import { sharedRegularizer } from './sharedRegularizer';
import { wasmConv3dBackpropInput } from './wasmConv3dBackpropInput';

/** The causes parity-check knows. Adding one is a file here plus its regression fixture. */
export const KNOWN_CAUSES: readonly KnownCause[] = [
  sharedRegularizer,
  multiOutputFit,
  nestedDuplicateWeightNames,
  sharedLayerDispose,
  depthwiseRegularizerAsConstraint,
  executorMaskLeak,
  separableDepthMultiplier,
  wasmConv3dBackpropInput,
];

/** The backend behaviours that explain a kernel finding (`--backends`, `--kernels`), each confirmed on the finding. */
export const KERNEL_CAUSES: readonly KernelCause[] = [onednnConvBackpropInput, tensorflowRoundInt32];
