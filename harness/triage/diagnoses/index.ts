import { buildKeepsTrace } from './buildKeepsTrace';
import { callArgsOnNode } from './callArgsOnNode';
import { callWithoutTidy } from './callWithoutTidy';
import type { DiagnosisRule } from './DiagnosisRule';
import { disposeLeaks } from './disposeLeaks';
import { duplicateLayerNames } from './duplicateLayerNames';
import { explicitSublayerBuild } from './explicitSublayerBuild';
import { lazyBuildBeforeCompile } from './lazyBuildBeforeCompile';
import { loopWithoutTraining } from './loopWithoutTraining';
import { maskPropagation } from './maskPropagation';
import { missingComputeOutputShape } from './missingComputeOutputShape';
import { noGetConfig } from './noGetConfig';
import { regularizerOnSublayer } from './regularizerOnSublayer';
import { seededDropout } from './seededDropout';
import { seedZero } from './seedZero';
import { sharedOptimizerPermutedList, sharedOptimizerSameOrder } from './sharedOptimizer';
import { trainableFalse } from './trainableFalse';
import { trainingNotForwarded } from './trainingNotForwarded';
import { untrackedSublayers } from './untrackedSublayers';
import { untrackedWeightsOnReload } from './untrackedWeightsOnReload';
import { unregisteredClass } from './unregisteredClass';
import { unseededInitializers } from './unseededInitializers';

/**
 * The catalogue entries parity-check can diagnose, one rule each, in
 * catalogue order. Entries 8, 14b and 17 are parity (nothing to
 * diagnose); entry 6 is a tfjs behaviour, not a mistake: its findings
 * carry the known cause proven on them (`shared-regularizer`), and a
 * diagnosis would also land on every correct model with a shared
 * regularized layer. Adding one is a file here, its entry in
 * fixtures/pairs/README.md and its expectation in the catalogue spec.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  untrackedSublayers,
  lazyBuildBeforeCompile,
  trainingNotForwarded,
  loopWithoutTraining,
  regularizerOnSublayer,
  sharedOptimizerSameOrder,
  sharedOptimizerPermutedList,
  callArgsOnNode,
  maskPropagation,
  missingComputeOutputShape,
  noGetConfig,
  untrackedWeightsOnReload,
  explicitSublayerBuild,
  unregisteredClass,
  trainableFalse,
  unseededInitializers,
  seedZero,
  seededDropout,
  duplicateLayerNames,
  disposeLeaks,
  callWithoutTidy,
  buildKeepsTrace,
];
