import { verdictOf } from '../../../harness/engine/verdict';
import { mergeBackendRuns as mergeRuns } from '../../../harness/engine/runWithFallback';
import type { CaseError, CaseResult, Divergence } from '../../../harness';

const d = (kind: Divergence['kind'], checkpoint: string): Divergence => ({ kind, checkpoint, key: '', message: kind });
const e = (side: CaseError['side']): CaseError => ({ side, checkpoint: 'loss', message: 'x' });

describe('verdictOf', () => {
  it('ranks divergence, harness error, backend limitation, agreed error, parity', () => {
    expect(verdictOf([d('loss', 'loss')], [e('harness'), e('both')], true)).toBe('divergence');
    expect(verdictOf([], [e('both'), e('harness')], false)).toBe('harness-error');
    expect(verdictOf([], [e('harness')], true)).toBe('harness-error');
    expect(verdictOf([], [e('both')], true)).toBe('backend-limitation');
    expect(verdictOf([], [e('both')], false)).toBe('agreed-error');
    expect(verdictOf([], [], false)).toBe('parity');
  });
});

describe('mergeBackendRuns (auto: a missing kernel on wasm, the case again on cpu)', () => {
  const run = (backend: string, checkpoints: string[], divergences: Divergence[], over: Partial<CaseResult> = {}) =>
    ({
      name: 'c',
      source: 'spec',
      verdict: 'parity',
      divergences,
      errors: [],
      checkpoints,
      backend,
      config: {} as never,
      resources: [],
      reclaimedTensors: 0,
      durationMs: 1,
      ...over,
    }) as CaseResult;
  const wasm = (divergences: Divergence[]) =>
    run('wasm', ['build', 'init', 'forward'], divergences, {
      limitation: { kernel: 'Conv2DBackpropFilter', backend: 'wasm', checkpoint: 'loss', side: 'both' },
      reclaimedTensors: 7,
    });
  const all = ['build', 'init', 'forward', 'loss', 'step-1'];

  it('keeps what only the first backend saw, tagged with it, and says it moved', () => {
    const m = mergeRuns(wasm([d('forward', 'forward')]), run('cpu', all, [d('loss', 'loss')]));
    expect(m.divergences).toEqual([{ ...d('forward', 'forward'), backend: 'wasm' }, d('loss', 'loss')]);
    expect(m.verdict).toBe('divergence');
    expect(m.backend).toBe('cpu');
    expect(m.backendNote).toMatch(/what moved: forward@forward on wasm only$/);
    expect(m.backendNote).toMatch(/tfjs left 7 tensors alive when the kernel was missing/);
    expect(m.limitation).toBeUndefined();
  });

  it('tags what only cpu saw at the checkpoints both ran', () => {
    const m = mergeRuns(wasm([]), run('cpu', all, [d('forward', 'forward')]));
    expect(m.divergences).toEqual([{ ...d('forward', 'forward'), backend: 'cpu' }]);
  });

  it('says cpu agrees when nothing moved', () => {
    const m = mergeRuns(wasm([d('forward', 'forward')]), run('cpu', all, [d('forward', 'forward')]));
    expect(m.divergences).toEqual([d('forward', 'forward')]);
    expect(m.backendNote).toMatch(/cpu agrees with it there$/);
  });
});
