import type { CaseResult } from '../../../harness';
import { shrinkFindings, shrinksKnown } from '../../../harness/campaign/fuzzCampaign';
import type { CaseJob } from '../../../harness/campaign/CaseJob';
import type { Executor } from '../../../harness/campaign/Executor';

const known = (index: number, causes: string[], signature = `sig${index}`) =>
  ({ index, verdict: 'divergence', signature, knownCause: causes[0], knownCauses: causes }) as unknown as CaseResult;
const fresh = (index: number) => ({ index, verdict: 'divergence', signature: `new${index}` }) as unknown as CaseResult;

/** An executor that records which cases it was asked to shrink, and shrinks none of them. */
function recorder(): { executor: Executor; shrunk: number[] } {
  const shrunk: number[] = [];
  const executor = {
    concurrency: 1,
    shrink: async (job: CaseJob) => (shrunk.push(job.index), {}),
  } as unknown as Executor;
  return { executor, shrunk };
}

describe('--shrink-known [causes]', () => {
  it('all known findings, none, or those a listed cause explains (a joint proof counts each of its causes)', () => {
    const c = known(1, ['depthwise-dilation-ignored', 'constraint-ignored-in-training']);
    expect(shrinksKnown(c, true)).toBe(true);
    expect(shrinksKnown(c, false)).toBe(false);
    expect(shrinksKnown(c, undefined)).toBe(false);
    expect(shrinksKnown(c, ['constraint-ignored-in-training'])).toBe(true);
    expect(shrinksKnown(c, ['abs-gradient-at-zero'])).toBe(false);
  });

  it('with --no-shrink, only the listed known findings are shrunk; without it, the new ones too', async () => {
    const cases = [fresh(0), known(1, ['depthwise-dilation-ignored']), known(2, ['abs-gradient-at-zero'])];
    const jobs = new Map(cases.map((c) => [c.index!, { index: c.index! } as CaseJob]));
    const only = recorder();
    await shrinkFindings(cases, jobs, only.executor, { shrink: false, shrinkKnown: ['depthwise-dilation-ignored'] });
    expect(only.shrunk).toEqual([1]);
    const both = recorder();
    await shrinkFindings(cases, jobs, both.executor, { shrinkKnown: ['depthwise-dilation-ignored'] });
    expect(both.shrunk.sort()).toEqual([0, 1]);
    const none = recorder();
    await shrinkFindings(cases, jobs, none.executor, { shrink: false });
    expect(none.shrunk).toEqual([]);
  });
});
