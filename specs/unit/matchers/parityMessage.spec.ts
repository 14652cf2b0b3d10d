import type { CaseResult, Divergence } from '../../../harness';
import { hasParity, matchers, parityMessage, reproduceCommand } from '../../../harness/jest';
import * as neutral from '../../../harness/matchers/matchers';

/** A case result as the engine returns one, with the fields a test sets. */
function result(over: Partial<CaseResult> = {}): CaseResult {
  return {
    name: 'two-branch',
    source: 'pair',
    verdict: 'parity',
    divergences: [],
    errors: [],
    checkpoints: ['build', 'init', 'forward'],
    backend: 'wasm',
    config: {
      seed: 42,
      optimizer: 'adam',
      optimizerOptions: {},
      steps: 2,
      batchSize: 4,
      loss: 'meanSquaredError',
      tolerance: 'exact',
      fit: true,
      reload: true,
    },
    resources: [],
    reclaimedTensors: 0,
    durationMs: 5,
    ...over,
  };
}

const forward: Divergence = {
  kind: 'forward',
  checkpoint: 'forward',
  key: 'output[0]',
  message: 'output[0]: mismatched elements: 2 / 6',
  stats: {
    equal: false,
    mismatched: 2,
    total: 6,
    maxAbs: 0.5,
    maxRel: 0.25,
    maxUlp: 4194304,
    first: { index: [0, 1], subclass: 0.1, functional: 0.2 },
    greatest: { index: [1, 2], subclass: 1.5, functional: 2 },
  },
};

describe('hasParity: real agreement only', () => {
  it.each([
    ['parity', {}, true],
    ['parity, uninformative (NaN on both sides)', { uninformative: 'loss at loss: non-finite on both sides' }, false],
    ['a new divergence', { verdict: 'divergence', divergences: [forward] }, false],
    [
      'a known divergence',
      {
        verdict: 'divergence',
        divergences: [{ ...forward, cause: 'shared-layer-dispose' }],
        knownCause: 'shared-layer-dispose',
        knownCauses: ['shared-layer-dispose'],
      },
      false,
    ],
    [
      'an agreed error',
      { verdict: 'agreed-error', errors: [{ side: 'both', checkpoint: 'build', message: 'bad shape' }] },
      false,
    ],
    ['a harness error', { verdict: 'harness-error' }, false],
    ['a backend limitation', { verdict: 'backend-limitation' }, false],
    ['a timeout', { verdict: 'timeout' }, false],
    ['a crash', { verdict: 'crashed' }, false],
    [
      'a divergence only of kinds the check allows (allow: resources)',
      { verdict: 'divergence', divergences: [{ ...forward, kind: 'resources' }], allowed: ['resources'] },
      true,
    ],
    ['a divergence of another kind than it allows', { verdict: 'divergence', divergences: [forward] }, false],
  ] as const)('%s', (_what, over, pass) => {
    expect(hasParity(result(over as Partial<CaseResult>))).toBe(pass);
  });
});

describe('parityMessage', () => {
  it('reads like assert_close: kind, checkpoint, key, N/M, the greatest difference and where, both values, then the command', () => {
    const lines = parityMessage(
      result({
        verdict: 'divergence',
        divergences: [forward, { kind: 'loss', checkpoint: 'loss', key: 'loss', message: 'loss differs' }],
        signature: 'forward|dense|forward',
        file: 'pairs/two-branch.mjs',
      }),
      false,
    );
    expect(lines).toEqual([
      "Expected pair 'two-branch' (pairs/two-branch.mjs) to have parity, got divergence (new finding, signature forward|dense|forward)",
      'First divergence: forward at checkpoint forward, key output[0]',
      'Mismatched elements: 2 / 6 (33.3%)',
      'Greatest absolute difference: 5.000e-1 at index (1, 2) (tolerance exact)',
      '  subclass:   1.5',
      '  functional: 2',
      'Greatest relative difference: 2.500e-1 · 4194304 ULP',
      'First mismatch at index (0, 1): subclass 0.1, functional 0.2',
      '… and 1 more: loss at loss (loss)',
      'Ran on backend wasm · seed 42 · adam × 2 steps · batch 4 · meanSquaredError · tolerance exact',
      'Reproduce: npx parity-check --pair pairs/two-branch.mjs',
    ]);
  });

  it('says a known divergence is still a divergence, and names the cause on the divergence', () => {
    const d = {
      ...forward,
      kind: 'resources' as const,
      checkpoint: 'dispose',
      key: '',
      stats: undefined,
      message: 'variables surviving dispose(): subclass 0, functional 2',
      cause: 'shared-layer-dispose',
    };
    const lines = parityMessage(
      result({
        verdict: 'divergence',
        divergences: [d],
        knownCause: 'shared-layer-dispose',
        knownCauses: ['shared-layer-dispose'],
      }),
      false,
    );
    expect(lines[0]).toBe(
      "Expected pair 'two-branch' to have parity, got divergence, every one proven to come from known tfjs behaviour (shared-layer-dispose): the sides still differ",
    );
    expect(lines[1]).toBe(
      'First divergence: resources at checkpoint dispose — known tfjs behaviour: shared-layer-dispose',
    );
    expect(lines[2]).toBe('variables surviving dispose(): subclass 0, functional 2');
  });

  it('explains an agreed error, a case that could not be checked, and an uninformative one', () => {
    expect(
      parityMessage(
        result({
          verdict: 'agreed-error',
          errors: [{ side: 'both', checkpoint: 'build', message: 'expected axis -1 to be 10\nstack' }],
        }),
        false,
      ).slice(0, 2),
    ).toEqual([
      "Expected pair 'two-branch' to have parity, got agreed-error: both sides rejected the model the same way, which is agreement on a failure, not parity",
      'Error (both) at build: expected axis -1 to be 10',
    ]);
    expect(
      parityMessage(
        result({
          verdict: 'timeout',
          errors: [{ side: 'harness', checkpoint: 'fit', message: 'did not finish within 120 s' }],
        }),
        false,
      )[0],
    ).toBe("Expected pair 'two-branch' to have parity, got timeout: the case could not be checked");
    expect(parityMessage(result({ uninformative: 'loss at loss: non-finite on both sides' }), false)[0]).toBe(
      "Expected pair 'two-branch' to have parity, got parity on non-finite values only (uninformative: loss at loss: non-finite on both sides)",
    );
  });

  it('with .not, says what the sides unexpectedly agreed on', () => {
    expect(parityMessage(result({ file: 'p.ts' }), true)).toEqual([
      "Expected pair 'two-branch' (p.ts) not to have parity, but both sides agree at every checkpoint (build, init, forward)",
      'Ran on backend wasm · seed 42 · adam × 2 steps · batch 4 · meanSquaredError · tolerance exact',
      'Reproduce: npx parity-check --pair p.ts',
    ]);
  });
});

describe('reproduceCommand', () => {
  it('prefers the (minimal) replay token of a generated case', () => {
    expect(reproduceCommand(result({ source: 'fuzz', replay: 'pc2.AAA' }))).toBe('npx parity-check --replay pc2.AAA');
    expect(
      reproduceCommand(
        result({ source: 'fuzz', replay: 'pc2.AAA', shrunk: { replay: 'pc2.BBB' } as CaseResult['shrunk'] }),
      ),
    ).toBe('npx parity-check --replay pc2.BBB');
  });

  it('gives the flags of every option that differs from the defaults', () => {
    const config = {
      seed: 7,
      optimizer: 'sgd',
      optimizerOptions: { learningRate: 0.1 },
      steps: 3,
      batchSize: 2,
      loss: 'huberLoss',
      tolerance: 'ulp:4',
      fit: false,
      reload: false,
    };
    expect(reproduceCommand(result({ file: 'p.mjs', config }))).toBe(
      'npx parity-check --pair p.mjs --seed 7 --steps 3 --batch 2 --optimizer sgd --learning-rate 0.1 --loss huberLoss --tolerance ulp:4 --no-fit --no-reload',
    );
    expect(reproduceCommand(result({ source: 'fixture', file: 's.json' }))).toBe('npx parity-check --spec s.json');
  });

  it('tells how to rerun a pair given as an object', () => {
    expect(reproduceCommand(result())).toBe('export the pair from a module and run npx parity-check --pair <module>');
  });
});

describe('the matchers through jest', () => {
  beforeAll(() => expect.extend(matchers));

  it('are the neutral ones parity-check/vitest registers too, not a copy', () => {
    expect(matchers).toBe(neutral.matchers);
    expect(Object.keys(neutral.matchers).sort()).toEqual(['toHaveParity', 'toMatchFunctional', 'toMatchItsTrace']);
  });

  it('toHaveParity passes on parity and fails with the message otherwise; .not inverts both', () => {
    const diverging = result({ verdict: 'divergence', divergences: [forward] });
    expect(result()).toHaveParity();
    expect(diverging).not.toHaveParity();
    expect(() => expect(diverging).toHaveParity()).toThrow(
      /First divergence: forward at checkpoint forward, key output\[0\]\n[\s\S]*Greatest absolute difference: 5\.000e-1 at index \(1, 2\)/,
    );
    expect(() => expect(result()).not.toHaveParity()).toThrow(
      /not to have parity, but both sides agree at every checkpoint/,
    );
    expect(() =>
      expect(
        result({
          verdict: 'divergence',
          knownCause: 'x',
          knownCauses: ['x'],
          divergences: [{ ...forward, cause: 'x' }],
        }),
      ).toHaveParity(),
    ).toThrow(/the sides still differ/);
  });

  it('toHaveParity refuses what is not a case result', () => {
    expect(() => expect({ verdict: 'parity' }).toHaveParity()).toThrow(/expects a parity-check case result/);
  });
});
