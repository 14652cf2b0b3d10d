import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { PairModule } from '../construct/PairModule';
import type { CaseOrigin } from '../engine/CaseResult';
import type { InputFeed } from '../engine/CaseSource';
import type { RawCase } from '../generate/caseArbitrary';
import type { BackendName } from '../runtime/selectBackend';
import type { ModelSpec } from '../architecture/types';
import type { GeneratedCase } from './runGenerated';

/**
 * A job's model: a spec, a pair module file (loaded by whoever runs the
 * job, in a worker or here), or a pair given as an object (which cannot
 * cross to a worker, so it runs in this process).
 */
export type JobSource =
  | { kind: 'spec'; name: string; spec: ModelSpec; origin: CaseOrigin; file?: string }
  | { kind: 'pairFile'; name: string; file: string; feed?: InputFeed }
  | { kind: 'pair'; name: string; pair: PairModule; feed?: InputFeed };

/**
 * One case of a run, planned: plain data (but for an in-process pair), so
 * it can be handed to a worker, written down and resumed.
 */
export interface CaseJob {
  /** Its place in the run: results are ordered by it, shards split by it. */
  index: number;
  source: JobSource;
  config: CaseConfig;
  backend: BackendName;
  /** How its config came about (a flag overriding what a pair declares …). */
  notes?: string[];
  /** Generated cases: the recipe and its identity (to shrink it), and its replay token. */
  generated?: { raw: RawCase; g: GeneratedCase; replay: string };
}
