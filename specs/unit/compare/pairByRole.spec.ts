import { effectDistance, pairByRole, type RoleVar } from '../../../harness/compare/pairByRole';

const f32 = (xs: number[]) => Float32Array.from(xs);
/** A variable of shape [n]: its initial values and, optionally, its effect on the outputs. */
const v = (name: string, init: number[], inference?: number[], label = name): RoleVar => ({
  name,
  label,
  init: { shape: [init.length], dtype: 'float32', values: f32(init) },
  effect: inference ? { inference: f32(inference) } : undefined,
});

describe('pairByRole', () => {
  it('tells apart variables that start alike by their effect on the outputs, whatever the order', () => {
    const fun = [v('f/b1', [0, 0], [1, 2]), v('f/b2', [0, 0], [5, -1])];
    const sub = [v('s/b2', [0, 0], [5, -1]), v('s/b1', [0, 0], [1, 2])];
    const { subKeys, funKeys, entries } = pairByRole(sub, fun);
    expect(subKeys.get('s/b1')).toBe(funKeys.get('f/b1'));
    expect(subKeys.get('s/b2')).toBe(funKeys.get('f/b2'));
    expect(entries.map((e) => e.method)).toEqual(['role', 'role']);
  });

  it('pairs a unique initial value on each side by value, even where the effects disagree (a real bug changes the effect)', () => {
    const fun = [v('f/left', [1, 2], [1, 1]), v('f/right', [3, 4], [9, 9])];
    const sub = [v('s/left', [1, 2], [9, 9]), v('s/right', [3, 4], [1, 1])];
    const { subKeys, funKeys } = pairByRole(sub, fun);
    expect(subKeys.get('s/left')).toBe(funKeys.get('f/left'));
    expect(subKeys.get('s/right')).toBe(funKeys.get('f/right'));
  });

  it('takes the closest effect where the sides round differently, and says how close', () => {
    const fun = [v('f/a', [0, 0], [1, 0]), v('f/b', [0, 0], [0, 1])];
    const sub = [v('s/b', [0, 0], [0.001, 1.0001]), v('s/a', [0, 0], [1.0001, 0.002])];
    const { subKeys, funKeys, entries } = pairByRole(sub, fun);
    expect(subKeys.get('s/a')).toBe(funKeys.get('f/a'));
    expect(subKeys.get('s/b')).toBe(funKeys.get('f/b'));
    expect(entries.every((e) => e.method === 'closest-effect' && /relative effect distance/.test(e.detail!))).toBe(
      true,
    );
  });

  it('pairs truly interchangeable variables (equal value and effect) either way, and says so', () => {
    const fun = [v('f/x', [0], [2]), v('f/y', [0], [2])];
    const sub = [v('s/x', [0], [2]), v('s/y', [0], [2])];
    const { entries } = pairByRole(sub, fun);
    expect(entries.map((e) => e.method)).toEqual(['interchangeable', 'interchangeable']);
  });

  it('without a measurable effect: the graph hint, then the only candidate; otherwise unpaired with the reason', () => {
    const fun = [v('f/m1', [0, 0]), v('f/m2', [0, 0]), v('f/k', [7, 8])];
    const sub = [v('s/m2', [0, 0]), v('s/m1', [0, 0]), v('s/k', [7, 9])];
    const hinted = pairByRole(
      sub,
      fun,
      new Map([
        ['s/m1', 'f/m1'],
        ['s/m2', 'f/m2'],
      ]),
    );
    expect(hinted.subKeys.get('s/m1')).toBe(hinted.funKeys.get('f/m1'));
    expect(hinted.entries.find((e) => e.subclass === 's/k')!.method).toBe('only-candidate');
    const blind = pairByRole(sub, fun);
    const alone = blind.entries.filter((e) => e.method === 'unpaired');
    // Three of one shape on each side and nothing to decide by: none is guessed.
    expect(alone.map((e) => e.key).sort()).toEqual([
      '0:f/m1',
      '1:f/m2',
      '2:f/k',
      'subclass:0:s/m2',
      'subclass:1:s/m1',
      'subclass:2:s/k',
    ]);
    expect(alone[0].detail).toMatch(
      /3 subclass variables of dtype float32 and shape \[2\] are free, and none has a measurable effect/,
    );
  });

  it('names a variable with nothing of its dtype and shape on the other side', () => {
    const { entries } = pairByRole([v('s/extra', [1, 2, 3], [1, 1, 1])], [v('f/k', [1, 2], [1, 1])]);
    expect(entries.find((e) => e.subclass === 's/extra')!.detail).toBe(
      'no functional variable has dtype float32 and shape [3]',
    );
  });

  it("keeps keys unique whatever the labels contain ('/' in names, equal labels)", () => {
    const fun = [v('a', [1], [1], 'h/attn/kernel'), v('b', [2], [2], 'h/attn/kernel'), v('c', [3], [3], 'kernel')];
    const { funKeys } = pairByRole([], fun);
    expect(new Set(funKeys.values()).size).toBe(3);
  });

  it('effectDistance: 0 for equal effects, NaN positions must agree, unrelated shapes are infinitely far', () => {
    expect(effectDistance(f32([1, NaN]), f32([1, NaN]))).toBe(0);
    expect(effectDistance(f32([1, NaN]), f32([1, 1]))).toBeGreaterThan(0);
    expect(effectDistance(f32([1, 2]), f32([1, 2, 3]))).toBe(Infinity);
    expect(effectDistance(f32([3, 4]), f32([0, 0]))).toBe(1);
  });
});
