import { takeValues } from '../compare/compareSets';
import type { PairingEntry } from '../compare/pairByRole';
import type { CaseError, Divergence } from '../compare/Divergence';
import type { SideName } from '../construct/Side';
import type { LiveCounts } from '../runtime/liveCounts';
import { missingKernel, type MissingKernel } from '../runtime/missingKernel';
import type { CaseFacts } from './CaseFacts';
import type { Evolution, WeightsPoint } from './Evolution';
import { errorLine } from '../runtime/errorLine';
import { firstMismatchOf, type FirstMismatch } from './FirstMismatch';

/** What each side left alive at one checkpoint (tensors and variables its calls created and did not free). */
export interface ResourceRecord {
  checkpoint: string;
  subclass: LiveCounts;
  functional: LiveCounts;
}

/** A kernel the backend lacks, and where the case needed it. */
export interface BackendLimitation extends MissingKernel {
  checkpoint: string;
  /** The side(s) that needed it. */
  side: SideName | 'both';
}

/** tfjs's rejection of an index outside a tensor (a gather, an embedding lookup): the cpu, wasm and tensorflow wordings. */
const OUT_OF_RANGE = /index value -?\d+ is not in \[0|indices\[[^\]]*\] = -?\d+ is not in \[0/;

const firstLine = errorLine;

/**
 * Whether two error messages give the same reason: equal once the numbers
 * in them are set aside (the subclass reports shapes with the batch size,
 * the functional model the symbolic `,32`).
 */
export function sameReason(a: string, b: string): boolean {
  const words = (s: string) => s.replace(/null|undefined|[-+\d.,[\]()\s]/g, '');
  return words(a) === words(b);
}

/** Collects what a case finds as it goes, so nothing is lost when a later checkpoint fails. */
export class CaseRecorder {
  readonly divergences: Divergence[] = [];
  readonly errors: CaseError[] = [];
  readonly checkpoints: string[] = [];
  /** Observations worth a user's attention that are not divergences. */
  readonly notes: string[] = [];
  readonly resources: ResourceRecord[] = [];
  readonly facts: CaseFacts = {};
  /** Set when the backend lacks a kernel the case needs: the case could not be checked further here. */
  limitation?: BackendLimitation;
  /** Why the case's comparisons say little (both sides non-finite alike), once. */
  uninformative?: string;
  /** How the difference evolves over the checkpoints (for the report's plots). */
  readonly evolution: Evolution = { weights: [], loss: { subclass: [], functional: [] } };
  /** A pair module's pairing, as reported (stable names). */
  pairing?: PairingEntry[];
  /** The first divergence with element statistics: both sides' values around its first mismatch (for the report's heatmap). */
  firstMismatch?: FirstMismatch;

  reached(checkpoint: string): void {
    this.checkpoints.push(checkpoint);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  diverge(...ds: Divergence[]): void {
    this.divergences.push(...ds);
    // Every divergence's values are taken (and so released), the first one's kept.
    for (const d of ds) {
      const values = takeValues(d);
      if (values && !this.firstMismatch) this.firstMismatch = firstMismatchOf(d, values[0], values[1]);
    }
  }

  /** Records the weight comparison of one checkpoint (every compared checkpoint has a point, agreeing or not). */
  weightsAt(point: WeightsPoint): void {
    this.evolution.weights.push(point);
  }

  /** Records both sides' loss at a custom-loop step (1-based). */
  lossAt(step: number, subclass: number, functional: number): void {
    this.evolution.loss.subclass[step - 1] = subclass;
    this.evolution.loss.functional[step - 1] = functional;
  }

  /** Records both sides' `fit` loss history. */
  fitLoss(subclass: number[], functional: number[]): void {
    this.evolution.fitLoss = { subclass: [...subclass], functional: [...functional] };
  }

  /** Marks the case uninformative (kept: the first reason). */
  markUninformative(reason: string): void {
    this.uninformative ??= reason;
  }

  /**
   * Records what each side left alive at a checkpoint; a difference between
   * the sides is a `resources` divergence naming both counts. Equal counts
   * (tfjs's own keep()-ed dropout masks, say) are recorded, not excused.
   */
  resourcesAt(checkpoint: string, subclass: LiveCounts, functional: LiveCounts, what: string): void {
    this.resources.push({ checkpoint, subclass, functional });
    if (subclass.tensors === functional.tensors && subclass.variables === functional.variables) return;
    this.diverge({
      kind: 'resources',
      checkpoint,
      key: '',
      message: `${what} left alive: subclass ${subclass.tensors} tensors and ${subclass.variables} variables, functional ${functional.tensors} tensors and ${functional.variables} variables`,
    });
  }

  /**
   * Records what each side threw at a checkpoint. Returns true when the case
   * cannot go on. A kernel the backend lacks is a limitation, never a
   * finding nor an agreement; both sides throwing for the same reason is
   * an agreed error; for different reasons, or one side alone, an `error`
   * divergence.
   */
  sideErrors(checkpoint: string, errs: Partial<Record<SideName, unknown>>): boolean {
    const s = errs.subclass;
    const f = errs.functional;
    if (s === undefined && f === undefined) return false;
    const ms = s !== undefined ? missingKernel(s) : undefined;
    const mf = f !== undefined ? missingKernel(f) : undefined;
    if (ms || mf) {
      const m = (ms ?? mf)!;
      this.limitation ??= { ...m, checkpoint, side: ms && mf ? 'both' : ms ? 'subclass' : 'functional' };
      for (const [side, e] of [
        ['subclass', s],
        ['functional', f],
      ] as const)
        if (e !== undefined)
          this.errors.push({
            side,
            checkpoint,
            message: firstLine(e),
            stack: e instanceof Error ? e.stack : undefined,
          });
      return true;
    }
    if (s !== undefined && f !== undefined) {
      const [a, b] = [firstLine(s), firstLine(f)];
      if (OUT_OF_RANGE.test(a) && OUT_OF_RANGE.test(b)) {
        // The ids were the harness's draw: a rejection of them is not the model's, nor agreement (rule 8).
        this.errors.push({
          side: 'harness',
          checkpoint,
          message: `both sides rejected ids the harness drew (${a}): give the input dtype 'int32' and the model's range as 'maxValue' (ids are drawn in [0, maxValue))`,
        });
        return true;
      }
      if (sameReason(a, b)) {
        this.errors.push({ side: 'both', checkpoint, message: a === b ? a : `subclass: ${a} | functional: ${b}` });
      } else {
        this.errors.push({ side: 'subclass', checkpoint, message: a }, { side: 'functional', checkpoint, message: b });
        this.diverge({
          kind: 'error',
          checkpoint,
          key: '',
          message: `both sides threw at ${checkpoint}, for different reasons: subclass: ${a} | functional: ${b}`,
        });
      }
      return true;
    }
    for (const [side, e] of [
      ['subclass', s],
      ['functional', f],
    ] as const) {
      if (e === undefined) continue;
      const other = side === 'subclass' ? 'functional' : 'subclass';
      this.errors.push({ side, checkpoint, message: firstLine(e), stack: e instanceof Error ? e.stack : undefined });
      this.diverge({
        kind: 'error',
        checkpoint,
        key: '',
        message: `${side} side threw at ${checkpoint}, ${other} did not: ${firstLine(e)}`,
      });
    }
    return true;
  }

  /**
   * Records a probe of both sides: the harness's own failures first (the
   * case cannot go on, and nothing it says is about the model), then what
   * the sides' own paths threw (see {@link sideErrors}). Returns true when
   * the case cannot go on.
   */
  probed(
    checkpoint: string,
    r: { errors: Partial<Record<SideName, unknown>>; harness: Partial<Record<SideName, unknown>> },
  ): boolean {
    const ours = Object.entries(r.harness);
    for (const [side, e] of ours)
      this.errors.push({
        side: 'harness',
        checkpoint,
        message: `while probing the ${side} side: ${firstLine(e)}`,
        stack: e instanceof Error ? e.stack : undefined,
      });
    if (ours.length > 0) return true;
    return this.sideErrors(checkpoint, r.errors);
  }

  /** A failure of the harness itself. */
  harness(checkpoint: string, e: unknown): void {
    this.errors.push({
      side: 'harness',
      checkpoint,
      message: firstLine(e),
      stack: e instanceof Error ? e.stack : undefined,
    });
  }
}
