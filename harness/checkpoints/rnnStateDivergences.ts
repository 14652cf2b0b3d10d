import { compareSets } from '../compare/compareSets';
import type { Divergence } from '../compare/Divergence';
import type { TensorData } from '../runtime/tensorData';
import type { CaseConfig } from './CaseConfig';

/**
 * Differences between the two sides' stateful-RNN states after a call
 * (keys `layer/state<k>`, see `rnnStateValues`); a state on one side only
 * is named too. Nothing to compare when neither side has a stateful RNN.
 */
export function rnnStateDivergences(
  checkpoint: string,
  a: Map<string, TensorData>,
  b: Map<string, TensorData>,
  config: Pick<CaseConfig, 'tolerance'>,
): Divergence[] {
  if (a.size === 0 && b.size === 0) return [];
  return compareSets('state', checkpoint, a, b, config.tolerance, { kind: 'state', what: 'RNN state' });
}
