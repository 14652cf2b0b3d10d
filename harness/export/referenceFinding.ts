import { checkpointRank } from '../checkpoints/checkpointOrder';
import type { Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';
import { UsageError } from '../errors';

/** Which value of the tfjs functional model a reference finding is about, and where the custom loop reads it. */
export type ReferenceValue =
  | { kind: 'output'; index: number }
  | { kind: 'activation'; node: string; layer: string; application: number }
  | { kind: 'loss'; step: number; part: 'data' | 'regularization' }
  | { kind: 'gradient'; step: number; key: string }
  | { kind: 'weight'; step: number; key: string };

/** A case's first finding against Keras: the divergence, and the value both libraries computed there. */
export interface ReferenceFinding {
  checkpoint: string;
  key: string;
  /** One line: what the case found (or that tfjs agreed with Keras). */
  what: string;
  value: ReferenceValue;
  /** Whether the case found a difference there (false: the script shows agreement and exits 0). */
  found: boolean;
}

/** The step of the custom loop a checkpoint reads: `loss` and `gradients` are step 1's. */
const stepOf = (checkpoint: string) =>
  checkpoint === 'loss' || checkpoint === 'gradients' ? 1 : Number(/^step-(\d+)$/.exec(checkpoint)?.[1] ?? NaN);

/**
 * The first tfjs-vs-Keras divergence of a `--reference keras` case (the
 * earliest checkpoint; at one checkpoint, the first the reference
 * recorded: outputs before activations, data loss before regularization),
 * as the value an exported script recomputes. A case whose reference ran
 * and found nothing exports its first output at `forward` (the script then
 * exits 0). A case whose reference did not run, or whose first reference
 * finding is of no value the custom loop reads, is refused in one line.
 */
export function referenceFinding(result: CaseResult): ReferenceFinding {
  const name = `case '${result.name}'`;
  const spec = result.spec;
  if (!spec)
    throw new UsageError(`${name}: not a spec case: the Keras reference runs for specs only; nothing to export`);
  if (!result.reference)
    throw new UsageError(`${name}: was not run with --reference keras; nothing to compare with Keras`);
  if (!result.reference.ran)
    throw new UsageError(`${name}: the Keras reference did not run (${result.reference.reason}); nothing to export`);
  const found = result.divergences
    .filter((d) => d.reference === 'keras')
    .map((d, i) => ({ d, i }))
    .sort((a, b) => checkpointRank(a.d.checkpoint) - checkpointRank(b.d.checkpoint) || a.i - b.i)
    .map(({ d }) => d);
  if (found.length === 0)
    return {
      checkpoint: 'forward',
      key: spec.outputs[0],
      what: `tfjs agrees with Keras 3 at every compared checkpoint (${result.reference.checkpoints.join(', ')})`,
      value: { kind: 'output', index: 0 },
      found: false,
    };
  const d = found[0];
  return { checkpoint: d.checkpoint, key: d.key, what: describe(d), value: valueOf(result, d), found: true };
}

/** What a reference divergence is about, in words: the divergence kinds the reference records. */
const WHAT: Partial<Record<Divergence['kind'], string>> = {
  forward: 'output',
  activation: "node's activation",
  loss: 'loss term',
  gradient: 'gradient',
  weights: 'weight',
};

function describe(d: Divergence): string {
  return `the ${WHAT[d.kind] ?? d.kind} '${d.key}' at ${d.checkpoint} differs from Keras 3 (reference: keras)`;
}

function valueOf(result: CaseResult, d: Divergence): ReferenceValue {
  const spec = result.spec!;
  const refuse = () =>
    new UsageError(
      `case '${result.name}': its first Keras finding (${d.kind} '${d.key}' at ${d.checkpoint}) is no value an exported reference script computes (outputs, node activations, loss terms, gradients, weights after a step)`,
    );
  switch (d.kind) {
    case 'forward': {
      const index = spec.outputs.indexOf(d.key);
      if (index < 0) throw refuse();
      return { kind: 'output', index };
    }
    case 'activation': {
      const node = spec.nodes.find((n) => n.id === d.key);
      if (!node) throw refuse();
      // The nth application of a layer is its nth inbound node: the functional model applies them in node order.
      const application = spec.nodes.filter((n) => n.layer === node.layer).indexOf(node);
      return { kind: 'activation', node: node.id, layer: node.layer, application };
    }
    case 'loss':
      if (d.key !== 'loss/data' && d.key !== 'loss/regularization') throw refuse();
      return { kind: 'loss', step: stepOf(d.checkpoint), part: d.key === 'loss/data' ? 'data' : 'regularization' };
    case 'gradient':
      return { kind: 'gradient', step: stepOf(d.checkpoint), key: d.key };
    case 'weights':
      return { kind: 'weight', step: stepOf(d.checkpoint), key: d.key };
    default:
      throw refuse();
  }
}
