import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseResult } from '../engine/CaseResult';
import type { CaseSource } from '../engine/CaseSource';
import type { BackendName } from '../runtime/selectBackend';
import { checkCase } from './checkCase';

/** A case to run, with the config it runs with and notes about how that config came about. */
export interface PlannedCase {
  source: CaseSource;
  config: CaseConfig;
  notes?: string[];
}

/** Runs and judges cases one after another (tfjs has one global engine). */
export async function runCases(planned: PlannedCase[], backend: BackendName, onCase?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const p of planned) {
    const r = await checkCase(p.source, p.config, backend);
    const result = p.notes && p.notes.length > 0 ? { ...r, notes: [...p.notes, ...(r.notes ?? [])] } : r;
    results.push(result);
    onCase?.(result);
  }
  return results;
}
