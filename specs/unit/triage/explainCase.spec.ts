import { KNOWN_CAUSES, type CaseHooks, type CaseResult, type Divergence, type KnownCause } from '../../../harness';
import { composeHooks, explainCase } from '../../../harness/triage/explainCase';

const d = (kind: Divergence['kind'], checkpoint: string, key = ''): Divergence => ({
  kind,
  checkpoint,
  key,
  message: `${kind} at ${checkpoint}`,
});
const result = (divergences: Divergence[], over: Partial<CaseResult> = {}): CaseResult =>
  ({
    name: 'c',
    source: 'spec',
    verdict: divergences.length > 0 ? 'divergence' : 'parity',
    divergences,
    errors: [],
    checkpoints: [],
    backend: 'cpu',
    config: {} as never,
    resources: [],
    reclaimedTensors: 0,
    durationMs: 0,
    ...over,
  }) as CaseResult;

/** A cause with a counterfactual that the test decides the outcome of. */
const cause = (id: string, suspect = true): KnownCause => ({
  id,
  summary: id,
  fixture: '',
  suspect: () => suspect,
  counterfactual: { evidence: `${id} rerun`, hooks: () => ({ afterConstruct: () => undefined }) },
});

/** A rerun that observes what the original did unless a cause is neutralised (hooks given), then `patched`. */
const reproducing =
  (original: CaseResult, patched: () => CaseResult) =>
  async (h: CaseHooks): Promise<CaseResult> =>
    Object.keys(h).length === 0 ? original : patched();

/** A divergence with numbers, as a tensor comparison records them. */
const measured = (maxAbs: number): Divergence => ({
  ...d('gradient', 'gradients', 'd/bias'),
  stats: { equal: false, mismatched: 1, total: 4, maxAbs, maxRel: 1, maxUlp: 9 },
});

describe('explainCase', () => {
  it('explains what a counterfactual rerun removes, when nothing else moves; the rest stays new', async () => {
    const r = result([d('loss', 'loss'), d('state', 'fit', 'bn/moving_mean')]);
    const judged = await explainCase(r, async () => result([d('state', 'fit', 'bn/moving_mean')]), [cause('a')]);
    expect(judged.divergences.map((x) => x.cause)).toEqual(['a', undefined]);
    expect(judged.knownCause).toBeUndefined();
    // The finding is named by what is new.
    expect(judged.signature).toBe('state|-|fit');
  });

  it('is known only when every divergence is proven', async () => {
    const r = result([d('loss', 'loss'), d('gradient', 'gradients', 'w')]);
    const judged = await explainCase(r, async () => result([]), [cause('a')]);
    expect(judged.knownCause).toBe('a');
    expect(judged.knownCauses).toEqual(['a']);
    expect(judged.divergences.every((x) => x.evidence === 'a rerun')).toBe(true);
  });

  it('proves nothing when the rerun shows a divergence or an error the case did not have', async () => {
    const r = result([d('loss', 'loss')]);
    const moved = await explainCase(r, async () => result([d('forward', 'forward', 'y')]), [cause('a')]);
    expect(moved.divergences[0].cause).toBeUndefined();
    const failed = await explainCase(
      r,
      async () => result([], { errors: [{ side: 'functional', checkpoint: 'fit', message: 'x' }] }),
      [cause('a')],
    );
    expect(failed.divergences[0].cause).toBeUndefined();
    const broke = await explainCase(
      r,
      async () => result([], { errors: [{ side: 'harness', checkpoint: 'case', message: 'x' }] }),
      [cause('a')],
    );
    expect(broke.divergences[0].cause).toBeUndefined();
  });

  it('a case a one-sided failure stopped: a shared failure its rerun meets past that point is a note, a divergence a move', async () => {
    const stopped = result([d('error', 'build')], {
      errors: [{ side: 'functional', checkpoint: 'build', message: 'x' }],
      checkpoints: [],
    });
    const sharedFailure = () => result([], { errors: [{ side: 'both', checkpoint: 'loss', message: 'no gradient' }] });
    const judged = await explainCase(stopped, reproducing(stopped, sharedFailure), [cause('a')]);
    expect(judged.divergences[0].cause).toBe('a');
    expect(judged.notes).toEqual([
      'with a neutralised the case ran past where it stopped and met: error (both) at loss (not judged here)',
    ]);
    // A divergence past that point may be a real fault the failure hid: it proves nothing, the case stays new.
    const hidden = await explainCase(stopped, async () => result([d('weights', 'step-1', 'd/kernel')]), [cause('a')]);
    expect(hidden.divergences[0].cause).toBeUndefined();
    // So does a one-sided error there.
    const oneSided = await explainCase(
      stopped,
      async () => result([], { errors: [{ side: 'subclass', checkpoint: 'fit', message: 'y' }] }),
      [cause('a')],
    );
    expect(oneSided.divergences[0].cause).toBeUndefined();
    // A case that ran through observed every checkpoint: a new shared error at loss proves nothing, and no note.
    const ranThrough = result([d('loss', 'loss')], { checkpoints: ['build', 'loss', 'fit', 'dispose'] });
    const notMoved = await explainCase(ranThrough, async () => sharedFailure(), [cause('a')]);
    expect(notMoved.divergences[0].cause).toBeUndefined();
    expect(notMoved.notes).toBeUndefined();
  });

  it('a case a one-sided failure stopped: divergences its rerun meets past that point count only if no other cause proves them there', async () => {
    const stopped = result([d('error', 'build')], {
      errors: [{ side: 'functional', checkpoint: 'build', message: 'x' }],
      checkpoints: [],
    });
    const past = [d('weights', 'fit', 'd/kernel'), d('error', 'reload')];
    const pastErrors = { errors: [{ side: 'subclass' as const, checkpoint: 'reload', message: 'dup' }] };
    const hooksOf = (h: CaseHooks) => {
      const seen: string[] = [];
      h.referenceModel?.({ push: (x: string) => seen.push(x) } as never);
      return seen;
    };
    const tagging = (id: string): KnownCause => ({
      ...cause(id),
      counterfactual: {
        evidence: `${id} rerun`,
        hooks: () => ({ referenceModel: (m) => (m as unknown as { push(x: string): void }).push(id) }),
      },
    });
    // 'a' neutralised alone: the case runs past build and meets the two divergences; 'b' neutralised on top of 'a'
    // removes both. The case is known by 'a', and its note names what 'b' proved on that rerun.
    const rerun = async (h: CaseHooks) => {
      const on = hooksOf(h);
      if (on.includes('a') && on.includes('b')) return result([]);
      if (on.includes('a')) return result(past, pastErrors);
      return stopped;
    };
    const judged = await explainCase(stopped, rerun, [tagging('a'), tagging('b')]);
    expect(judged.divergences[0].cause).toBe('a');
    expect(judged.knownCauses).toEqual(['a']);
    expect(judged.notes).toEqual([
      'with a neutralised the case ran past where it stopped and met: 2 divergence(s) proven b on that rerun (weights at fit, error at reload)',
    ]);
    // 'b' proves only one of the two there: the other may be the fault the failure hid, and the case stays new.
    const partly = async (h: CaseHooks) => {
      const on = hooksOf(h);
      if (on.includes('a') && on.includes('b')) return result([past[0]]);
      if (on.includes('a')) return result(past, pastErrors);
      return stopped;
    };
    const still = await explainCase(stopped, partly, [tagging('a'), tagging('b')]);
    expect(still.divergences[0].cause).toBeUndefined();
    expect(still.knownCause).toBeUndefined();
    // A cause never proves, on that rerun, what it was itself neutralised for: with 'a' alone nothing else is tried.
    const alone = await explainCase(stopped, rerun, [tagging('a')]);
    expect(alone.divergences[0].cause).toBeUndefined();
  });

  it('sides that failed for different reasons and, the cause neutralised, fail for the same one: explained', async () => {
    const differ = result([d('error', 'fit')], {
      errors: [
        { side: 'subclass', checkpoint: 'fit', message: 'stack' },
        { side: 'functional', checkpoint: 'fit', message: 'shape' },
      ],
      checkpoints: ['build', 'loss', 'fit', 'dispose'],
    });
    const same = () => result([], { errors: [{ side: 'both', checkpoint: 'fit', message: 'stack' }] });
    expect((await explainCase(differ, async () => same(), [cause('a')])).divergences[0].cause).toBe('a');
    // A shared failure at a checkpoint where the original did not fail is still a move.
    const elsewhere = () => result([], { errors: [{ side: 'both', checkpoint: 'loss', message: 'stack' }] });
    expect((await explainCase(differ, async () => elsewhere(), [cause('a')])).divergences[0].cause).toBeUndefined();
  });

  it('never tries a cause the case gives no reason to suspect, and reruns nothing when nothing is suspected', async () => {
    let reruns = 0;
    const judged = await explainCase(result([d('loss', 'loss')]), async () => (reruns++, result([])), [
      cause('a', false),
    ]);
    expect(reruns).toBe(0);
    expect(judged.knownCause).toBeUndefined();
  });

  it('explains what only two causes neutralised together remove, naming both', async () => {
    const r = result([d('loss', 'fit', 'fit/loss')]);
    // Either cause alone leaves the fit loss apart; both together close it.
    let call = 0;
    const judged = await explainCase(r, async () => (++call <= 2 ? r : result([])), [cause('a'), cause('b')]);
    expect(judged.divergences[0].cause).toBe('a+b');
    expect(judged.knownCauses).toEqual(['a', 'b']);
  });

  it('a case that reproduces: one unchanged rerun confirms it before a counterfactual proof counts, and no note', async () => {
    const r = result([measured(0.5)]);
    const seen: string[] = [];
    const rerun = async (h: CaseHooks) => {
      seen.push(Object.keys(h).length === 0 ? 'unchanged' : 'patched');
      return Object.keys(h).length === 0 ? result([measured(0.5)]) : result([]);
    };
    const judged = await explainCase(r, rerun, [cause('a')]);
    expect(judged.knownCause).toBe('a');
    expect(seen).toEqual(['patched', 'unchanged']);
    expect(judged.notes).toBeUndefined();
  });

  it('a case that does not reproduce (a kernel that varies by memory layout or threads): a patched rerun that lost the divergence proves its cause only if it reproduces too', async () => {
    const r = result([measured(0.5)]);
    // The unchanged rerun sees the divergence with other values: the backend, not the patch, decides what shows.
    const unchanged = () => result([measured(0.25)]);
    // The patched reruns vary as well (the patch left the varying kernel in place): nothing is proven.
    let patchedRuns = 0;
    const varying = async (h: CaseHooks) =>
      Object.keys(h).length === 0 ? unchanged() : ++patchedRuns % 2 === 1 ? result([]) : result([measured(0.125)]);
    const chance = await explainCase(r, varying, [cause('a')]);
    expect(chance.divergences[0].cause).toBeUndefined();
    expect(chance.knownCause).toBeUndefined();
    expect(chance.notes).toEqual([
      "not reproducible on cpu: an unchanged rerun observed gradient at gradients 'd/bias' with other values (greatest difference 0.5, then 0.25), so a counterfactual proves a cause here only when its own rerun reproduces (not proven, their reruns did not: a)",
    ]);
    // A patch that removes what varied (the faulty kernel computed by another backend's) reproduces: proven, and said.
    const steady = async (h: CaseHooks) => (Object.keys(h).length === 0 ? unchanged() : result([]));
    const proven = await explainCase(r, steady, [cause('a')]);
    expect(proven.knownCause).toBe('a');
    expect(proven.notes).toEqual([
      "not reproducible on cpu: an unchanged rerun observed gradient at gradients 'd/bias' with other values (greatest difference 0.5, then 0.25), so a counterfactual proves a cause here only when its own rerun reproduces",
    ]);
  });

  it('a cause whose behaviour varies run to run is tried first, so another cause cannot claim what it explains', async () => {
    const r = result([measured(0.5)]);
    const tried: string[] = [];
    const tagged = (id: string, varies: boolean): KnownCause => ({
      ...cause(id),
      varies,
      counterfactual: { evidence: `${id} rerun`, hooks: () => ({ afterConstruct: () => void tried.push(id) }) },
    });
    // Either rerun loses the divergence (as a rerun on a layout-dependent kernel may by chance): the varying one claims it.
    const rerun = async (h: CaseHooks) => (
      h.afterConstruct?.({} as never),
      Object.keys(h).length === 0 ? r : result([])
    );
    const judged = await explainCase(r, rerun, [tagged('a', false), tagged('kernel', true)]);
    expect(judged.knownCause).toBe('kernel');
    expect(tried).toEqual(['kernel']);
  });

  it('leaves parity, agreed errors and harness errors alone', async () => {
    const judged = await explainCase(result([], { verdict: 'harness-error' }), async () => result([]), KNOWN_CAUSES);
    expect(judged.knownCause).toBeUndefined();
    expect(judged.signature).toBeUndefined();
  });
});

describe('composeHooks', () => {
  it('applies every hook, undoes fits in reverse, and nests the wrappers', async () => {
    const seen: string[] = [];
    const hook = (n: string): CaseHooks => ({
      afterConstruct: () => void seen.push(`construct ${n}`),
      beforeFit: () => () => void seen.push(`undo ${n}`),
      around: async (run) => (seen.push(`enter ${n}`), run()),
    });
    const h = composeHooks([hook('a'), hook('b')]);
    h.afterConstruct!({} as never);
    (h.beforeFit!({} as never, 'subclass') as () => void)();
    await h.around!(async () => void seen.push('run'));
    expect(seen).toEqual(['construct a', 'construct b', 'undo b', 'undo a', 'enter a', 'enter b', 'run']);
  });
});
