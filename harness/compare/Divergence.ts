import type { CompareStats } from './compareValues';

/** What kind of observation differs between the sides. */
export type DivergenceKind =
  | 'inventory'
  | 'init'
  | 'forward'
  | 'activation'
  | 'loss'
  | 'gradient'
  | 'weights'
  | 'slot'
  | 'state'
  | 'resources'
  | 'error';

/** Every divergence kind, in the order the checkpoints meet them. */
export const DIVERGENCE_KINDS: readonly DivergenceKind[] = [
  'inventory',
  'init',
  'forward',
  'activation',
  'loss',
  'gradient',
  'weights',
  'slot',
  'state',
  'resources',
  'error',
];

/** A typed difference between the two sides' probes at one checkpoint. */
export interface Divergence {
  kind: DivergenceKind;
  /** `build`, `init`, `forward`, `forward-training`, `loss`, `gradients`, `step-N`, `reload`, `fit`, `dispose`. */
  checkpoint: string;
  /** Structural key (`layerId/param`, `layerId/param#slot`, a node id, `output[0]`) or '' for the whole case. */
  key: string;
  message: string;
  stats?: CompareStats;
  /**
   * When a case ran on two backends (auto fell back to cpu): the one this
   * divergence was seen on, if only one of them showed it.
   */
  backend?: string;
  /**
   * Set when the difference is between the tfjs functional model and a
   * reference implementation (`--reference keras`), not between the two sides.
   */
  reference?: 'keras';
  /** Set by triage: the known cause this divergence was proven to come from. */
  cause?: string;
  /** Set by triage with `cause`: how it was proven on this case. */
  evidence?: string;
  /** Set by triage when the divergence matches a pair-catalogue entry's pattern: the user's likely mistake and its fix. */
  diagnosis?: Diagnosis;
}

/**
 * A pointer from a finding to the pair-catalogue entry (`fixtures/pairs/README.md`)
 * that explains a user's mistake, with its fix. Only set when the entry's
 * pattern matches the finding; when nothing matches, nothing is said.
 */
export interface Diagnosis {
  /** The catalogue entry, e.g. `02-lazy-build-before-compile`. */
  entry: string;
  /** Its title, e.g. `Lazy build before compile`. */
  title: string;
  /** What to change in the user's code. */
  fix: string;
}

/** A failure raised while a checkpoint ran, on one side, both, or in the harness itself. */
export interface CaseError {
  side: 'subclass' | 'functional' | 'both' | 'harness';
  checkpoint: string;
  message: string;
  stack?: string;
  /** Set by triage when the error matches a pair-catalogue entry's pattern. */
  diagnosis?: Diagnosis;
}

/** What identifies a divergence across reruns of one case: never its message or values, which may carry tfjs's counters. */
export function divergenceId(d: Divergence): string {
  return `${d.backend ?? ''}${d.reference ? `@${d.reference}` : ''}|${d.kind}|${d.checkpoint}|${d.key}`;
}
