import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_PHASES, type ReferencePhase, type ReferenceTolerance } from './ReferenceResult';

/** The checked-in calibration (written by bench/calibrateKeras.ts), as the harness reads it. */
export interface Calibration {
  about: string;
  /** The least scale a tensor is compared at: its atol = rtol · max(floor, its group's largest magnitude) (`groupScale`). */
  floor: number;
  margin: number;
  phases: Record<ReferencePhase, ReferenceTolerance>;
  perKind?: Record<string, Partial<Record<ReferencePhase, { cases: number; p50: number; p99: number; max: number }>>>;
  /** Kinds whose error in a phase was no rounding difference (a finding), left out of that phase's tolerance. */
  disagreeing?: Record<ReferencePhase, string[]>;
}

/** Where the calibration file is: tools/keras/ of the package, from the sources or from dist/. */
export function calibrationPath(): string {
  const fromSources = join(__dirname, '../../tools/keras/calibration.json');
  return existsSync(fromSources) ? fromSources : join(__dirname, '../../../tools/keras/calibration.json');
}

let cached: Calibration | undefined;

/** The calibrated default tolerances (read once). */
export function calibration(): Calibration {
  if (cached) return cached;
  const c = JSON.parse(readFileSync(calibrationPath(), 'utf8')) as Calibration;
  for (const p of REFERENCE_PHASES)
    if (!(c.phases?.[p]?.rtol >= 0 && c.phases[p].atol >= 0))
      throw new Error(`${calibrationPath()}: no tolerance for phase '${p}'`);
  cached = c;
  return c;
}

/** The phase a reference checkpoint belongs to. */
export function phaseOf(checkpoint: string): ReferencePhase {
  if (checkpoint === 'forward') return 'forward';
  if (checkpoint === 'gradients') return 'gradients';
  if (checkpoint === 'loss') return 'loss';
  return 'steps';
}
