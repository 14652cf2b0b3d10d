import { validatePair, type PairModule } from '../../../harness';

const pair = (over: Record<string, unknown> = {}) =>
  ({
    name: 'p',
    inputs: [{ shape: [null, 4] }],
    functional: () => null,
    subclass: () => null,
    ...over,
  }) as unknown as PairModule;

describe('validatePair', () => {
  it('accepts variable-length dimensions and a declared loss, optimizer and hyperparameters', () => {
    expect(() =>
      validatePair(
        pair({ loss: 'huberLoss', optimizer: 'rmsprop', optimizerOptions: { learningRate: 0.01, centered: true } }),
        'p.mjs',
      ),
    ).not.toThrow();
  });

  it.each([
    ['an unknown loss', { loss: 'meanSquareError' }, /^p\.mjs: 'loss': Invalid option/],
    ['an unknown optimizer', { optimizer: 'adamw' }, /^p\.mjs: 'optimizer': Invalid option/],
    [
      'an unknown hyperparameter',
      { optimizerOptions: { learningrate: 0.1 } },
      /^p\.mjs: unknown field 'optimizerOptions\.learningrate'/,
    ],
    [
      'a misspelt field, with a suggestion',
      { losss: 'huberLoss' },
      /^p\.mjs: unknown field 'losss' \(did you mean 'loss'\?\)/,
    ],
    ['a zero dimension', { inputs: [{ shape: [0, 4] }] }, /^p\.mjs: 'inputs\.0\.shape\.0': /],
  ])('rejects %s, naming the file and the field', (_what, over, message) => {
    expect(() => validatePair(pair(over), 'p.mjs')).toThrow(message);
  });
});
