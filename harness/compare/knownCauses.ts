import type { CaseResult } from '../result';
import type { LayerSpec, ModelSpec } from '../spec/types';

/**
 * A documented tfjs behaviour that explains a divergence, recognised by the
 * structure of the case rather than by its signature (the same cause shows
 * under many signatures: a BatchNorm or a block, `loss` or `state`).
 * Each has a regression fixture that `npm test` replays.
 */
export interface KnownCause {
  id: string;
  /** The regression fixture(s) under fixtures/regressions/ that record it. */
  fixture: string;
  summary: string;
  matches(c: CaseResult): boolean;
}

/** Every spec in a case: the model and the specs of its blocks, recursively. */
function specsOf(spec: ModelSpec): ModelSpec[] {
  return [spec, ...spec.layers.filter((l) => l.kind === 'block').flatMap((l) => specsOf((l.config as { spec: ModelSpec }).spec))];
}

const regularized = (l: LayerSpec): boolean =>
  Object.keys(l.config ?? {}).some((k) => k.endsWith('Regularizer')) || (l.kind === 'block' && specsOf((l.config as { spec: ModelSpec }).spec).some((s) => s.layers.some(regularized)));

const applications = (s: ModelSpec, id: string) => s.nodes.filter((n) => n.layer === id).length;

/** The causes parity-check knows, in the order they are tried. */
export const KNOWN_CAUSES: KnownCause[] = [
  {
    id: 'shared-regularizer',
    fixture: 'fixtures/regressions/shared-regularized.json',
    summary: "tfjs's Container.calculateLosses counts a shared layer's regularization loss once per application",
    matches: (c) => c.divergences[0]?.checkpoint === 'loss' && !!c.spec && specsOf(c.spec).some((s) => s.layers.some((l) => applications(s, l.id) > 1 && regularized(l))),
  },
  {
    id: 'multi-output-fit',
    fixture: 'fixtures/regressions/multi-output-*.json',
    summary: "tfjs's functional executor runs a multi-output layer once per output in each fit step",
    matches: (c) =>
      c.divergences[0]?.checkpoint === 'fit' &&
      !!c.spec &&
      c.spec.outputs.length > 1 &&
      specsOf(c.spec).some((s) => s.layers.some((l) => l.kind === 'batchNormalization' || (l.kind === 'dropout' && (l.config as { seeded?: boolean })?.seeded === false))),
  },
  {
    id: 'nested-duplicate-weight-names',
    fixture: 'fixtures/regressions/nested-duplicate-weight-names.json',
    summary: "a functional model with two nested tf.models whose layers share a name cannot be saved ('Duplicate weight name')",
    matches: (c) => c.divergences[0]?.kind === 'error' && c.divergences[0].checkpoint === 'reload' && c.errors.some((e) => e.side === 'functional' && /Duplicate weight name/.test(e.message)),
  },
];

/** The known cause that explains a diverging case, if any. */
export function knownCauseOf(c: CaseResult): KnownCause | undefined {
  return c.verdict === 'divergence' ? KNOWN_CAUSES.find((k) => k.matches(c)) : undefined;
}
