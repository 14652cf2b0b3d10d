import { alignPair, type AlignLayer, type AlignSide, type AlignVar } from '../../../harness/compare/alignPair';

const data = (values: number[]) => ({ shape: [values.length], dtype: 'float32', values: Float32Array.from(values) });
const v = (
  name: string,
  owner: number,
  position: number,
  values: number[],
  param = name.split('/').pop()!,
): AlignVar => ({ name, param, owner, position, data: data(values) });
const layer = (className: string, label: string, calls: [string[], string[]][]): AlignLayer => ({
  className,
  label,
  calls: calls.map(([inputs, outputs]) => ({ inputs, outputs })),
});

/**
 * Two branches from a seeded trunk, each a Dense (seeded kernel, zero bias)
 * then a BatchNorm (ones and zeros), joined by a concatenation (left first).
 * `order` lists the subclass's layers in the order it created them.
 */
function sides(order: ('left' | 'right')[]): { sub: AlignSide; fun: AlignSide } {
  const fun: AlignSide = {
    layers: [
      layer('Dense', 'Dense', [[['in:0'], ['t']]]),
      layer('Dense', 'Dense', [[['t'], ['l']]]),
      layer('BatchNormalization', 'BatchNormalization', [[['l'], ['ln']]]),
      layer('Dense', 'Dense', [[['t'], ['r']]]),
      layer('BatchNormalization', 'BatchNormalization', [[['r'], ['rn']]]),
      layer('Concatenate', 'Concatenate', [[['ln', 'rn'], ['out:0']]]),
    ],
    vars: [
      v('f0/kernel', 0, 0, [1, 2]),
      v('f0/bias', 0, 1, [0, 0]),
      v('f1/kernel', 1, 0, [3, 4]),
      v('f1/bias', 1, 1, [0, 0]),
      v('f2/gamma', 2, 0, [1, 1]),
      v('f2/beta', 2, 1, [0, 0]),
      v('f3/kernel', 3, 0, [5, 6]),
      v('f3/bias', 3, 1, [0, 0]),
      v('f4/gamma', 4, 0, [1, 1]),
      v('f4/beta', 4, 1, [0, 0]),
    ],
  };
  // The subclass side, its layers in the given creation order, with its own tensor ids.
  const branch = { left: { kernel: [3, 4], x: 'a', n: 'an' }, right: { kernel: [5, 6], x: 'b', n: 'bn' } };
  const layers: AlignLayer[] = [layer('Dense', 'trunk', [[['in:0'], ['s']]])];
  const vars: AlignVar[] = [v('s/trunk/kernel', 0, 0, [1, 2]), v('s/trunk/bias', 0, 1, [0, 0])];
  for (const side of order) {
    const b = branch[side];
    const d = layers.push(layer('Dense', side, [[['s'], [b.x]]])) - 1;
    vars.push(v(`s/${side}/kernel`, d, 0, b.kernel), v(`s/${side}/bias`, d, 1, [0, 0]));
    const n = layers.push(layer('BatchNormalization', `${side}_norm`, [[[b.x], [b.n]]])) - 1;
    vars.push(v(`s/${side}_norm/gamma`, n, 0, [1, 1]), v(`s/${side}_norm/beta`, n, 1, [0, 0]));
  }
  layers.push(layer('Concatenate', 'concat', [[['an', 'bn'], ['out:0']]]));
  return { sub: { layers, vars }, fun };
}

describe('alignPair', () => {
  it.each([[['left', 'right']], [['right', 'left']]] as const)(
    'pairs every variable by value, then by position and by place in the graph (creation order %j)',
    (order) => {
      const { sub, fun } = sides([...order]);
      const { subKeys, funKeys } = alignPair(sub, fun);
      const pairedWith = (name: string) => [...funKeys].find(([, k]) => k === subKeys.get(name))?.[0];
      expect(pairedWith('s/trunk/bias')).toBe('f0/bias');
      expect(pairedWith('s/left/bias')).toBe('f1/bias');
      expect(pairedWith('s/left_norm/gamma')).toBe('f2/gamma');
      expect(pairedWith('s/left_norm/beta')).toBe('f2/beta');
      expect(pairedWith('s/right/bias')).toBe('f3/bias');
      expect(pairedWith('s/right_norm/gamma')).toBe('f4/gamma');
      expect(pairedWith('s/right_norm/beta')).toBe('f4/beta');
      expect([...subKeys.values()].filter((k) => k.startsWith('subclass:'))).toEqual([]);
    },
  );

  it('keys name the functional layer by place and class, never by tfjs counters', () => {
    const { sub, fun } = sides(['left', 'right']);
    expect([...alignPair(sub, fun).funKeys.values()]).toEqual([
      '0:Dense/kernel',
      '0:Dense/bias',
      '1:Dense/kernel',
      '1:Dense/bias',
      '2:BatchNormalization/gamma',
      '2:BatchNormalization/beta',
      '3:Dense/kernel',
      '3:Dense/bias',
      '4:BatchNormalization/gamma',
      '4:BatchNormalization/beta',
    ]);
  });

  it('never guesses: branches nothing tells apart stay unpaired, so the inventory names them', () => {
    const { sub, fun } = sides(['left', 'right']);
    // Equal branch kernels, and a subclass that joins its branches with a raw op (no layer to see).
    for (const s of [sub, fun]) for (const x of s.vars) if (x.param === 'kernel' && x.owner > 0) x.data = data([7, 7]);
    sub.layers.pop();
    const { subKeys } = alignPair(sub, fun);
    for (const name of ['s/left/kernel', 's/right/kernel', 's/left_norm/gamma', 's/right_norm/gamma'])
      expect(subKeys.get(name)).toMatch(/^subclass:/);
    // What the values and the graph do tell apart is still paired.
    expect(subKeys.get('s/trunk/kernel')).toBe('0:Dense/kernel');
    expect(subKeys.get('s/trunk/bias')).toBe('0:Dense/bias');
  });

  it('leaves a variable no layer of the other side has unpaired', () => {
    const { sub, fun } = sides(['left', 'right']);
    sub.vars.push(v('s/extra', -1, -1, [9, 9, 9]));
    expect(alignPair(sub, fun).subKeys.get('s/extra')).toBe('subclass:w10:extra');
  });
});
