import { resolveCaseConfig } from '../../../harness';
import { overrides } from '../../../harness/engine/resolveConfig';

describe('resolveCaseConfig', () => {
  it('takes later layers over earlier ones, field by field; an absent field never overrides', () => {
    const c = resolveCaseConfig(
      { loss: 'meanAbsoluteError', optimizer: 'sgd', optimizerOptions: { learningRate: 0.1, momentum: 0.5 } },
      { loss: undefined, optimizer: 'adam', optimizerOptions: { learningRate: 0.01 } },
    );
    expect(c).toMatchObject({
      loss: 'meanAbsoluteError',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.01, momentum: 0.5 },
    });
  });

  it('rejects what it cannot use, naming it', () => {
    expect(() => resolveCaseConfig({ loss: 'meanSquareError' })).toThrow(
      /unknown loss 'meanSquareError' \(did you mean 'meanSquaredError'\?\)/,
    );
    expect(() => resolveCaseConfig({ optimizerOptions: { learningRate: Number.NaN } })).toThrow(
      /learning rate must be a positive number, got NaN/,
    );
    expect(() => resolveCaseConfig({ steps: 0 })).toThrow(/steps must be a whole number from 1 to 1000, got 0/);
  });
});

describe('overrides', () => {
  it('names every field where the user replaces what a source declared', () => {
    expect(
      overrides(
        { loss: 'meanAbsoluteError', optimizer: 'sgd', optimizerOptions: { learningRate: 0.1 } },
        { loss: 'huberLoss', optimizerOptions: { learningRate: 0.5 } },
        'the pair module',
      ),
    ).toEqual([
      "--loss huberLoss overrides the loss 'meanAbsoluteError' the pair module declares",
      'learningRate 0.5 overrides the learningRate 0.1 the pair module declares',
    ]);
    expect(overrides({ loss: 'huberLoss' }, { loss: 'huberLoss' }, 'x')).toEqual([]);
  });
});
