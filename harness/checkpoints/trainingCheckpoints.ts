import type { Side, SideName } from '../construct/Side';
import type { CaseData } from './CaseData';
import type { CaseConfig } from './CaseConfig';
import { activity } from '../runtime/activity';
import type { CaseRecorder } from './CaseRecorder';
import { runsTo } from './checkpointOrder';
import { forwardCheckpoints } from './forwardCheckpoints';
import { initCheckpoint } from './initCheckpoint';
import type { SideKeys } from './keysFor';
import { trainingLoop } from './trainingLoop';

export type { CaseData };

/**
 * `init`, `forward`, `forward-training`, `loss`, `gradients` and
 * `step-1` … `step-k` on one pair of built sides, recording into `rec`.
 * Stops at the first checkpoint where a side throws. Returns the keys it
 * aligned the sides by (a fresh build for `fit` is keyed from them).
 */
export async function trainingCheckpoints(
  sides: Record<SideName, Side>,
  data: CaseData,
  config: CaseConfig,
  rec: CaseRecorder,
): Promise<SideKeys | undefined> {
  if (!runsTo(data.until, 'init')) return undefined;
  activity('init');
  const state = await initCheckpoint(sides, config, rec);
  if (!state) return undefined;
  if (await forwardCheckpoints(sides, data, state, config, rec)) await trainingLoop(sides, data, state, config, rec);
  return state.keys;
}
