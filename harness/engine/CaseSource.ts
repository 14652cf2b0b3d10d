import type { PairModule } from '../construct/PairModule';
import type { CaseOrigin } from './CaseResult';
import type { ModelSpec } from '../architecture/types';

/** What a case checks: a spec (through the two builders) or a user pair module. */
export type CaseSource =
  | { kind: 'spec'; name: string; spec: ModelSpec; origin?: CaseOrigin; file?: string }
  | { kind: 'pair'; name: string; pair: PairModule; file?: string; feed?: InputFeed };

/** The dtype each input is fed in, as the functional model declares it (preflight reads it); see `InputDescription.feedAs`. */
export type InputFeed = ('float32' | 'int32')[];
