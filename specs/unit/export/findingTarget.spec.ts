import type { CaseResult } from '../../../harness';
import type { Divergence } from '../../../harness/compare/Divergence';
import { findingTarget } from '../../../harness/export/findingTarget';

/** A diverging case with these divergences (only what findingTarget reads). */
const diverging = (...divergences: Omit<Divergence, 'message'>[]): CaseResult =>
  ({
    name: 'c',
    verdict: 'divergence',
    divergences: divergences.map((d) => ({ message: 'differs', ...d })),
    errors: [],
    checkpoints: ['build'],
  }) as unknown as CaseResult;

describe('findingTarget', () => {
  it('targets what building and the first call leave alive (resources at build), as a script now counts it', () => {
    expect(findingTarget(diverging({ kind: 'resources', checkpoint: 'build', key: '' }))).toEqual({
      checkpoint: 'build',
      what: 'resources at build: differs',
    });
    expect(findingTarget(diverging({ kind: 'resources', checkpoint: 'dispose', key: '' })).checkpoint).toBe('dispose');
  });

  it('refuses in one line a first finding a script does not observe: tensors left by a later call, optimizer slots', () => {
    expect(() => findingTarget(diverging({ kind: 'resources', checkpoint: 'forward', key: '' }))).toThrow(
      "case 'c': its first finding (resources at forward) is of a kind an exported script does not observe yet",
    );
    expect(() => findingTarget(diverging({ kind: 'slot', checkpoint: 'step-1', key: 'd/kernel#m' }))).toThrow(
      /its first finding \(slot at step-1\) is of a kind an exported script does not observe yet/,
    );
  });

  it('names the first checkpoint a shown kind differs at, whatever else differs there', () => {
    const r = diverging(
      { kind: 'slot', checkpoint: 'step-1', key: 'd/kernel#m' },
      { kind: 'loss', checkpoint: 'loss', key: 'loss' },
    );
    expect(findingTarget(r)).toEqual({ checkpoint: 'loss', what: "loss at loss: 'loss' differs" });
  });
});
