import type { CaseError, Divergence } from '../../compare/Divergence';
import type { SideName } from '../../construct/Side';
import type { CaseResult } from '../../engine/CaseResult';
import type { Finding } from './DiagnosisRule';

/**
 * Small readings of a case that several diagnosis rules share — each a
 * plain question about what the case recorded, never a judgement.
 */

/** Whether a finding is a divergence (rather than a side's error). */
export const isDivergence = (f: Finding): f is Divergence => 'kind' in f;

/** Whether a finding is a divergence of `kind` at `checkpoint` (a RegExp matches several checkpoints). */
export function isAt(f: Finding, kind: Divergence['kind'], checkpoint: string | RegExp): boolean {
  return isDivergence(f) && f.kind === kind && atCheckpoint(f, checkpoint);
}

/** Whether a finding was seen at `checkpoint` (a RegExp matches several). */
const atCheckpoint = (f: Finding, checkpoint: string | RegExp) =>
  typeof checkpoint === 'string' ? f.checkpoint === checkpoint : checkpoint.test(f.checkpoint);

/**
 * The error one side alone threw that a finding stands for: the side's
 * `CaseError` itself, or the `error` divergence recorded with it (same
 * checkpoint). Undefined for anything else, and when both sides threw.
 */
export function thrown(f: Finding, r: CaseResult): { side: SideName; message: string } | undefined {
  const own = (e: CaseError) =>
    e.side === 'subclass' || e.side === 'functional' ? { side: e.side, message: e.message } : undefined;
  if (!isDivergence(f)) return own(f);
  if (f.kind !== 'error') return undefined;
  const at = r.errors.filter((e) => e.checkpoint === f.checkpoint && e.side !== 'harness');
  return at.length === 1 ? own(at[0]) : undefined;
}

/** When `side` alone threw, at `checkpoint`, a message matching `message`, and `f` stands for that error: the match (its groups name what the message names). */
export function thrownMatch(
  f: Finding,
  r: CaseResult,
  side: SideName,
  checkpoint: string | RegExp,
  message: RegExp,
): RegExpExecArray | undefined {
  const t = thrown(f, r);
  if (t === undefined || t.side !== side || !atCheckpoint(f, checkpoint)) return undefined;
  return message.exec(t.message) ?? undefined;
}

/** Whether `side` alone threw, at `checkpoint`, a message matching `message`, and `f` stands for that error. */
export function threw(
  f: Finding,
  r: CaseResult,
  side: SideName,
  checkpoint: string | RegExp,
  message: RegExp,
): boolean {
  return thrownMatch(f, r, side, checkpoint, message) !== undefined;
}

/** Whether the case has a divergence no known cause explains at `checkpoint` of one of `kinds`. */
export function divergesAt(r: CaseResult, checkpoint: string, kinds: Divergence['kind'][]): boolean {
  return r.divergences.some((d) => d.checkpoint === checkpoint && kinds.includes(d.kind) && d.cause === undefined);
}

/** What each side's code left alive at a checkpoint beyond the other side: subclass minus functional (tensors, variables). */
export function extraLeftAt(r: CaseResult, checkpoint: string): { tensors: number; variables: number } | undefined {
  const rec = r.resources.find((x) => x.checkpoint === checkpoint);
  return (
    rec && {
      tensors: rec.subclass.tensors - rec.functional.tensors,
      variables: rec.subclass.variables - rec.functional.variables,
    }
  );
}

/** Whether the subclass's own eager calls (`forward`, `forward-training`) left tensors the functional model's did not. */
export function callsLeak(r: CaseResult): boolean {
  return ['forward', 'forward-training'].some((cp) => (extraLeftAt(r, cp)?.tensors ?? 0) > 0);
}

/** Whether only the subclass leaves variables after its `dispose()`. */
export function onlySubclassSurvivesDispose(r: CaseResult): boolean {
  const d = r.facts?.dispose;
  return (d?.subclass?.survivors.length ?? 0) > 0 && d?.functional?.survivors.length === 0;
}

/** The variables the subclass exposes after its first call (trainable and not), if `init` read them. */
export function subclassExposed(r: CaseResult): number | undefined {
  const e = r.facts?.exposed?.subclass;
  return e && e.trainable + e.nonTrainable;
}

/** tfjs's error when `variableGrads` (the custom loop's or `fit`'s) gets no trainable variable. */
export const NO_TRAINABLE =
  /^variableGrads\(\) expects at least one of the input variables to be trainable, but none of the 0 variables is trainable\./;
