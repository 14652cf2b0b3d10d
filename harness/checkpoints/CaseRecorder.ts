import type { SideName } from '../construct/Side';
import type { CaseError, Divergence } from '../compare/Divergence';

/** Collects what a case finds as it goes, so nothing is lost when a later checkpoint fails. */
export class CaseRecorder {
  readonly divergences: Divergence[] = [];
  readonly errors: CaseError[] = [];
  readonly checkpoints: string[] = [];
  /** Observations worth a user's attention that are not divergences. */
  readonly notes: string[] = [];

  reached(checkpoint: string): void {
    this.checkpoints.push(checkpoint);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  diverge(...ds: Divergence[]): void {
    this.divergences.push(...ds);
  }

  /**
   * Records what each side threw at a checkpoint. Returns true when the case
   * cannot go on: both threw (agreed error) or one did (an `error` divergence).
   */
  sideErrors(checkpoint: string, errs: Partial<Record<SideName, unknown>>): boolean {
    const msg = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));
    const s = errs.subclass;
    const f = errs.functional;
    if (s !== undefined && f !== undefined) {
      this.errors.push({ side: 'both', checkpoint, message: msg(s) === msg(f) ? msg(s) : `subclass: ${msg(s)} | functional: ${msg(f)}` });
      return true;
    }
    for (const [side, e] of [['subclass', s], ['functional', f]] as const) {
      if (e === undefined) continue;
      const other = side === 'subclass' ? 'functional' : 'subclass';
      this.errors.push({ side, checkpoint, message: msg(e), stack: e instanceof Error ? e.stack : undefined });
      this.divergences.push({ kind: 'error', checkpoint, key: '', message: `${side} side threw at ${checkpoint}, ${other} did not: ${msg(e)}` });
      return true;
    }
    return false;
  }

  /** A failure of the harness itself. */
  harness(checkpoint: string, e: unknown): void {
    this.errors.push({ side: 'harness', checkpoint, message: e instanceof Error ? e.message.split('\n')[0] : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
}
