import type { Tensor } from '@tensorflow/tfjs';
import type { PairLoop } from '../construct/PairModule';
import type { SideName } from '../construct/Side';
import type { KeyedWeights } from './inventoryOf';
import type { ScheduledChange } from './trainableChanges';
import type { SideKeys } from './keysFor';

/** Inputs, targets and names shared by both sides of a case. */
export interface CaseData {
  inputs: Tensor[];
  targets: Tensor[];
  /** Names of the outputs (spec output node ids, or `output[i]`). */
  outputNames: string[];
  /** Node ids in topological order (spec cases), for activations. */
  nodeOrder?: string[];
  /** `layer.trainable` changes between custom-loop steps (a spec's `trainableSchedule`). */
  schedule?: ScheduledChange[];
  /** A pair module's training-script options. */
  loop?: PairLoop;
  /** Stop after this checkpoint (a shrink candidate needs no more than its signature's); undefined: run all. */
  until?: string;
}

/** What the checkpoints of one build share: the sides' keys and inventories, and the keys already named one-sided. */
export interface BuildState {
  keys: SideKeys;
  inv: Record<SideName, KeyedWeights>;
  /** One-sided variables are named once per build, at the first checkpoint that sees them. */
  reported: Set<string>;
}
