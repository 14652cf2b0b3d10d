import type { CompareStats } from './compareValues';

/** What kind of observation differs between the sides. */
export type DivergenceKind = 'inventory' | 'init' | 'forward' | 'activation' | 'loss' | 'gradient' | 'weights' | 'slot' | 'state' | 'resources' | 'error';

/** A typed difference between the two sides' probes at one checkpoint. */
export interface Divergence {
  kind: DivergenceKind;
  /** `build`, `init`, `forward`, `forward-training`, `loss`, `gradients`, `step-N`, `fit`, … */
  checkpoint: string;
  /** Structural key (`layerId/param`, `layerId/param#slot`, a node id, `output[0]`) or '' for the whole case. */
  key: string;
  message: string;
  stats?: CompareStats;
}

/** A failure raised while a checkpoint ran, on one side, both, or in the harness itself. */
export interface CaseError {
  side: 'subclass' | 'functional' | 'both' | 'harness';
  checkpoint: string;
  message: string;
  stack?: string;
}
