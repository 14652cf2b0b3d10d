import type { Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../architecture/types';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseHooks } from '../checkpoints/CaseHooks';
import type { CaseRecorder } from '../checkpoints/CaseRecorder';
import { describeReference } from './describeReference';
import { calibration, calibrationPath } from './referenceTolerance';
import type { ReferenceResult } from './ReferenceResult';
import { runKerasReference } from './keras/runKerasReference';

/**
 * The reference step of a case (`config.reference`): its divergences go to
 * the case like any other (marked `reference`), its comparisons and what it
 * could not translate to the returned result. A pair module has no spec to
 * translate, so the reference does not run for it, and says so.
 */
export async function compareWithReference(
  spec: ModelSpec | undefined,
  config: CaseConfig,
  inputs: Tensor[],
  targets: Tensor[],
  rec: CaseRecorder,
  hooks?: CaseHooks,
): Promise<ReferenceResult | undefined> {
  if (!config.reference) return undefined;
  if (!spec) {
    const c = calibration();
    const result: ReferenceResult = {
      name: 'keras',
      ran: false,
      reason: 'a pair module has no spec to translate to Keras (the reference runs for specs and generated cases)',
      untranslated: [],
      tolerance: { ...c.phases, source: calibrationPath().replace(/^.*\/tools\//, 'tools/'), floor: c.floor },
      checkpoints: [],
      comparisons: [],
    };
    rec.note(describeReference(result));
    return result;
  }
  const { result, divergences } = await runKerasReference(spec, config, inputs, targets, hooks);
  rec.diverge(...divergences);
  // A note reaches every report (console, JSON, JUnit, HTML): what was compared and under which tolerance.
  rec.note(describeReference(result));
  return result;
}
