import type { CaseHooks } from '../checkpoints/CaseHooks';
import { checkpointRank } from '../checkpoints/checkpointOrder';
import { divergenceId, type Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';
import { activity } from '../runtime/activity';
import { KNOWN_CAUSES } from './causes';
import { outcomeDifference } from './outcomeDifference';
import type { KnownCause } from './KnownCause';
import { signatureOf } from './signatureOf';

/** Reruns the case being judged with hooks (the same source, config and backend choice). */
export type Rerun = (hooks: CaseHooks) => Promise<CaseResult>;

/** Several hooks as one: each applies, in order. */
export function composeHooks(list: CaseHooks[]): CaseHooks {
  return {
    afterConstruct: (side) => list.forEach((h) => h.afterConstruct?.(side)),
    referenceModel: (model) => list.forEach((h) => h.referenceModel?.(model)),
    referenceOptimizer: (optimizer) => list.forEach((h) => h.referenceOptimizer?.(optimizer)),
    beforeFit: (model, side) => {
      const undo = list.map((h) => h.beforeFit?.(model, side)).filter((u): u is () => void => typeof u === 'function');
      return () => undo.reverse().forEach((u) => u());
    },
    around: <T>(run: () => Promise<T>) =>
      list.reduceRight<() => Promise<T>>((inner, h) => (h.around ? () => h.around!(inner) : inner), run)(),
  };
}

/**
 * Whether the original case observed a checkpoint (of the two sides, or of the Keras reference when `reference`).
 * A case a one-sided failure stopped (a side that cannot build) observed nothing after the furthest checkpoint it
 * reached; its rerun, with the cause neutralised, runs on. There, a failure both sides share (an agreed error: a
 * gradient tfjs lacks) or a kernel the backend lacks is no move — the original could not have shown it — but any
 * divergence still is, unless other causes prove it on the rerun (see `explainCase`): a real fault hidden behind
 * the failure must keep the case new (the near-miss mutants check it). Likewise the reference compares only what
 * it could: where Keras built another shape (a dilation tfjs ignores), it compared shapes at `forward` and nothing
 * after, so its rerun, with the shapes agreeing, compares checkpoints the original never did.
 */
function observedBy(original: CaseResult): (at: { checkpoint: string; reference?: string }) => boolean {
  const compared = new Set(original.reference?.ran ? original.reference.checkpoints : []);
  const byReference = (checkpoint: string) => original.reference === undefined || compared.has(checkpoint);
  if (!original.errors.some((e) => e.side === 'subclass' || e.side === 'functional'))
    return (at) => (at.reference ? byReference(at.checkpoint) : true);
  const reached = [
    ...original.checkpoints,
    ...original.divergences.map((d) => d.checkpoint),
    ...original.errors.map((e) => e.checkpoint),
  ];
  const furthest = Math.max(...reached.map(checkpointRank));
  return (at) => checkpointRank(at.checkpoint) <= furthest && (at.reference ? byReference(at.checkpoint) : true);
}

/**
 * What a counterfactual rerun explains: the original's divergences that
 * are gone from it — but only when nothing else moved (no divergence of the
 * rerun absent from the original, no new error except one both sides share
 * past where the original stopped, no harness failure). Otherwise the patch
 * changed more than the cause, and proves nothing. `beyond` collects the
 * shared failures the rerun met past that point; `accepted` holds the ids of
 * divergences past that point which other known causes proved on the rerun
 * itself (see `explainCase`): those, and the one-sided errors they stand for,
 * are no move either.
 */
function vanished(
  original: CaseResult,
  rerun: CaseResult,
  beyond: string[] = [],
  accepted: ReadonlySet<string> = new Set(),
): Set<string> | undefined {
  if (rerun.errors.some((e) => e.side === 'harness')) return undefined;
  const seen = observedBy(original);
  const before = new Set(original.divergences.map(divergenceId));
  const after = new Set(rerun.divergences.map(divergenceId));
  const errorsBefore = new Set(original.errors.map((e) => `${e.side}|${e.checkpoint}`));
  const shared = (e: CaseResult['errors'][number]) => e.side === 'both';
  for (const e of rerun.errors)
    if (!seen(e) && shared(e)) beyond.push(`error (both) at ${e.checkpoint} (not judged here)`);
  if (rerun.verdict === 'backend-limitation' && rerun.limitation)
    beyond.push(
      `no ${rerun.limitation.kernel} kernel on ${rerun.backend} at ${rerun.limitation.checkpoint} (not judged here)`,
    );
  const provenErrorAt = new Set(
    rerun.divergences.filter((d) => d.kind === 'error' && accepted.has(divergenceId(d))).map((d) => d.checkpoint),
  );
  const isNew = (d: Divergence) => !before.has(divergenceId(d)) && !(accepted.has(divergenceId(d)) && !seen(d));
  if (rerun.divergences.some(isNew)) return undefined;
  // Where the original's sides failed for different reasons, the cause neutralised may leave them failing for the
  // same one: a shared error where the original already failed is what remains, not a move.
  const failedAt = new Set(original.errors.map((e) => e.checkpoint));
  const moved = (e: CaseResult['errors'][number]) =>
    !errorsBefore.has(`${e.side}|${e.checkpoint}`) &&
    !(shared(e) && failedAt.has(e.checkpoint)) &&
    !(!seen(e) && provenErrorAt.has(e.checkpoint)) &&
    (seen(e) || !shared(e));
  if (rerun.errors.some(moved)) return undefined;
  return new Set([...before].filter((id) => !after.has(id)));
}

/**
 * Whether a rerun moved only past where the original stopped: every divergence it has that the original did not
 * lies at a checkpoint the original never observed (and no harness failure). Only then may other causes be tried
 * on what it met there.
 */
function movedOnlyPastStop(original: CaseResult, rerun: CaseResult): boolean {
  if (rerun.errors.some((e) => e.side === 'harness')) return false;
  const seen = observedBy(original);
  const before = new Set(original.divergences.map(divergenceId));
  const fresh = rerun.divergences.filter((d) => !before.has(divergenceId(d)));
  return fresh.length > 0 && fresh.every((d) => !seen(d));
}

/**
 * Judges a case's divergences against the known causes, each proven on
 * the case itself (a check on its facts, or a counterfactual rerun). A
 * divergence carries `cause` only when a proof covers it; the case carries
 * `knownCause` only when every divergence is covered — one unexplained
 * divergence makes the case new. The signature names the first
 * unexplained divergence (or the first, when all are known). A
 * counterfactual's proof counts only on a case that reproduces (an
 * unchanged rerun observes the same), or, where it does not, when the
 * patched rerun itself reproduces; the case then says so in a note.
 */
export async function explainCase(
  r: CaseResult,
  rerun: Rerun,
  causes: readonly KnownCause[] = KNOWN_CAUSES,
): Promise<CaseResult> {
  if (r.verdict !== 'divergence') return { ...r, signature: undefined, knownCause: undefined, knownCauses: undefined };
  const proven = new Map<string, { cause: string; evidence: string }>();
  const prove = (d: Divergence | string, cause: string, evidence: string) => {
    const id = typeof d === 'string' ? d : divergenceId(d);
    if (!proven.has(id)) proven.set(id, { cause, evidence });
  };
  const suspects = causes.filter((c) => c.suspect(r));
  for (const c of suspects) for (const p of c.check?.(r) ?? []) prove(p.divergence, c.id, p.evidence);
  const open = () => r.divergences.filter((d) => !proven.has(divergenceId(d)));
  // A cause whose behaviour varies run to run is tried first: while it is present, another cause's rerun can lose a
  // divergence by chance (the sort is stable, so the others keep their order).
  const counterfactuals = suspects
    .filter((c) => c.counterfactual)
    .sort((a, b) => Number(b.varies === true) - Number(a.varies === true));
  // What a proving rerun met past the point where the original stopped: said in a note, never hidden.
  const further = new Map<string, string[]>();
  // A rerun that lost a divergence proves its patch only if the case reproduces. On a backend whose kernel depends on
  // memory layout (wasm's Conv3DBackpropInputV2) or thread scheduling (tfjs-node's oneDNN Conv2DBackpropInput) it may
  // not: an unchanged rerun can lose the divergence too, and any patch would seem to explain it. So before a
  // counterfactual's proof counts, one unchanged rerun must observe what the original did; when it does not, a
  // proof counts only if its own patched rerun, run again, observes the same (the patch removed what varied).
  let control: Promise<string | undefined> | undefined;
  const irreproducible = () => (control ??= rerun({}).then((again) => outcomeDifference(r, again)));
  const withheld: string[] = [];
  const reproduces = async (id: string, hooks: () => CaseHooks, patched: CaseResult): Promise<boolean> => {
    if ((await irreproducible()) === undefined) return true;
    activity(`proving ${id} again (the case did not reproduce)`);
    // Fresh hooks, as for the first patched rerun: a cause's hooks may keep state of their own.
    if (outcomeDifference(patched, await rerun(hooks())) === undefined) return true;
    withheld.push(id);
    return false;
  };
  const judge = async (id: string, makeHooks: () => CaseHooks) => {
    const hooks = makeHooks();
    const beyond: string[] = [];
    const again = await rerun(hooks);
    let gone = vanished(r, again, beyond);
    // The original stopped early (a side could not build) and the rerun, the cause neutralised, ran on and met
    // divergences there. The original never observed them, so they may be a real fault the failure hid — or other
    // known behaviours the model also has (a multi-output block fitted, a constraint reloaded). They are judged on
    // the rerun itself, with this cause still neutralised, by the other causes only: every one proven, they are no
    // move (and the note names them); one unexplained, the case stays new.
    if (!gone && movedOnlyPastStop(r, again)) {
      const others = causes.filter((c) => !id.split('+').includes(c.id));
      const past = await explainCase(again, (more) => rerun(composeHooks([hooks, more])), others);
      const before = new Set(r.divergences.map(divergenceId));
      const met = past.divergences.filter((d) => !before.has(divergenceId(d)));
      if (met.every((d) => d.cause !== undefined)) {
        gone = vanished(r, again, beyond, new Set(met.map(divergenceId)));
        const byCause = new Map<string, string[]>();
        for (const d of met) byCause.set(d.cause!, [...(byCause.get(d.cause!) ?? []), `${d.kind} at ${d.checkpoint}`]);
        for (const [cause, where] of byCause)
          beyond.push(
            `${where.length} divergence(s) proven ${cause} on that rerun (${[...new Set(where)].join(', ')})`,
          );
      }
    }
    if (gone && gone.size > 0 && !(await reproduces(id, makeHooks, again))) return undefined;
    if (gone && gone.size > 0 && beyond.length > 0) further.set(id, beyond);
    return gone;
  };
  for (const c of counterfactuals) {
    if (open().length === 0) break;
    activity(`proving ${c.id} (rerun)`);
    const gone = await judge(c.id, () => c.counterfactual!.hooks(r));
    for (const id of gone ?? []) prove(id, c.id, c.counterfactual!.evidence);
  }
  // Two causes at once (a shared regularizer in a multi-output model fitted):
  // a divergence only both neutralised together remove is explained by both.
  if (open().length > 0 && counterfactuals.length > 1) {
    activity(`proving ${counterfactuals.map((c) => c.id).join(' and ')} together (rerun)`);
    const ids = counterfactuals.map((c) => c.id).join('+');
    const gone = await judge(ids, () => composeHooks(counterfactuals.map((c) => c.counterfactual!.hooks(r))));
    for (const id of gone ?? [])
      prove(
        id,
        ids,
        `gone only when ${counterfactuals.map((c) => c.id).join(' and ')} are neutralised together (rerun)`,
      );
  }
  const divergences = r.divergences.map((d): Divergence => {
    const p = proven.get(divergenceId(d));
    const { cause: _c, evidence: _e, ...plain } = d;
    return p ? { ...plain, cause: p.cause, evidence: p.evidence } : plain;
  });
  const known = divergences.every((d) => d.cause !== undefined);
  // A joint proof names its causes with '+'; the case lists each cause once.
  const causesSeen = [...new Set(divergences.flatMap((d) => d.cause?.split('+') ?? []))];
  const used = new Set(divergences.map((d) => d.cause));
  const notes = [...further]
    .filter(([id]) => used.has(id))
    .map(
      ([id, beyond]) =>
        `with ${id} neutralised the case ran past where it stopped and met: ${[...new Set(beyond)].join('; ')}`,
    );
  const unstable = control ? await control : undefined;
  if (unstable !== undefined)
    notes.push(
      `not reproducible on ${r.backend}: an unchanged rerun observed ${unstable}, so a counterfactual proves a cause ` +
        `here only when its own rerun reproduces` +
        (withheld.length > 0 ? ` (not proven, their reruns did not: ${[...new Set(withheld)].join(', ')})` : ''),
    );
  const judged: CaseResult = {
    ...r,
    ...(notes.length > 0 ? { notes: [...(r.notes ?? []), ...notes] } : {}),
    divergences,
    knownCause: known ? divergences[0].cause : undefined,
    knownCauses: known ? causesSeen : undefined,
  };
  return { ...judged, signature: signatureOf(judged) };
}
