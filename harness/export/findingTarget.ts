import { checkpointRank } from '../checkpoints/checkpointOrder';
import type { DivergenceKind } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';
import { UsageError } from '../errors';

/**
 * Divergence kinds an exported script observes: errors, the outputs, the
 * loss, every gradient and every weight (state included) by key, a stateful
 * RNN's states, what building and the first call leave alive, and which
 * variables survive `dispose()`. Not (yet): optimizer slots, per-node
 * activations, tensors left alive by a later call or step.
 */
const SHOWN: readonly DivergenceKind[] = [
  'inventory',
  'init',
  'forward',
  'loss',
  'gradient',
  'weights',
  'state',
  'error',
];

/** The checkpoint an exported script runs to, and what it shows there. */
export interface FindingTarget {
  checkpoint: string;
  /** One line: what the case found there (or that it found nothing). */
  what: string;
}

/**
 * The first finding of a case: the earliest checkpoint with a divergence or
 * a side's error (`agreed-error`: both sides' error). A case at parity runs
 * to its last checkpoint (the script then exits 0). A harness error or a
 * backend limitation is no finding about tfjs: refused with one line, as is
 * a first finding of a kind the script cannot observe.
 */
export function findingTarget(result: CaseResult): FindingTarget {
  const name = `case '${result.name}'`;
  if (result.verdict === 'parity') return { checkpoint: result.checkpoints.at(-1) ?? 'build', what: 'parity' };
  if (result.verdict !== 'divergence' && result.verdict !== 'agreed-error')
    throw new UsageError(
      `${name}: verdict ${result.verdict} is not a finding about tfjs (${result.errors[0]?.message ?? result.limitation ?? 'see its report'}); nothing to export`,
    );
  // A finding against Keras (reference: 'keras') compares the functional model with Keras 3, not the two sides:
  // its script is a reference script.
  const own = result.divergences.filter((d) => d.reference === undefined);
  if (own.length === 0 && result.errors.every((e) => e.side === 'harness') && result.divergences.length > 0)
    throw new UsageError(
      `${name}: its findings are against Keras 3 (reference: keras); export them with --reference keras`,
    );
  const found = [
    // Named by kind, checkpoint and key, never by message: messages may carry tfjs's name counters, and the
    // script's text must be the same whatever ran before it in the process.
    ...own.map((d) => ({
      checkpoint: d.checkpoint,
      kind: d.kind as DivergenceKind,
      what: d.key ? `'${d.key}' differs` : 'differs',
    })),
    ...result.errors
      .filter((e) => e.side !== 'harness')
      .map((e) => ({
        checkpoint: e.checkpoint,
        kind: 'error' as const,
        what: e.side === 'both' ? 'both sides throw (agreed-error)' : `the ${e.side} side throws`,
      })),
  ].sort((a, b) => checkpointRank(a.checkpoint) - checkpointRank(b.checkpoint));
  if (found.length === 0)
    throw new UsageError(`${name}: verdict ${result.verdict} but no divergence or error recorded`);
  const crossBackend = result.divergences.find((d) => d.backend !== undefined);
  if (crossBackend)
    throw new UsageError(
      `${name}: its finding compares backends (${crossBackend.backend}); export the kernel it names with kernelScript(call, backends)`,
    );
  const checkpoint = found[0].checkpoint;
  const first = found.filter((f) => f.checkpoint === checkpoint);
  // Resources: what building and the first call left alive, and which variables survive dispose(), are what the
  // script counts there.
  const shown = first.filter(
    (f) => SHOWN.includes(f.kind) || (f.kind === 'resources' && (checkpoint === 'build' || checkpoint === 'dispose')),
  );
  if (shown.length === 0)
    throw new UsageError(
      `${name}: its first finding (${first.map((f) => f.kind).join(', ')} at ${checkpoint}) is of a kind an exported script does not observe yet (it compares ${SHOWN.join(', ')})`,
    );
  return { checkpoint, what: `${shown[0].kind} at ${checkpoint}: ${shown[0].what}` };
}
