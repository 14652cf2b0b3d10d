import { tf } from '../../../harness';
import { firstMismatchOf } from '../../../harness/checkpoints/FirstMismatch';
import { compareValues } from '../../../harness/compare/compareValues';
import { chain, fixtureSpecs, runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

const branches = () => fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;

describe('evolution', () => {
  it('has a point for every checkpoint that compared weights, 0 where the sides agree, and both losses per step and epoch', async () => {
    const before = tf.memory().numTensors;
    const r = await runSpec(branches(), { steps: 3, fit: true });
    expect(r.verdict).toBe('parity');
    const e = r.evolution!;
    expect(e.weights.map((p) => p.checkpoint)).toEqual(['init', 'step-1', 'step-2', 'step-3', 'fit']);
    for (const p of e.weights)
      expect(p).toEqual({ checkpoint: p.checkpoint, compared: 8, differing: 0, maxAbs: 0, maxUlp: 0 });
    expect(e.loss.subclass).toHaveLength(3);
    expect(e.loss.functional).toEqual(e.loss.subclass);
    expect(e.fitLoss!.subclass).toHaveLength(3);
    expect(e.fitLoss!.functional).toEqual(e.fitLoss!.subclass);
    expect(r.firstMismatch).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('records the greatest weight difference of each step once the sides part, matching the divergences', async () => {
    const r = await runSpec(branches(), { steps: 2, fit: false, mutant: 'concat-swap' });
    const [init, s1, s2] = r.evolution!.weights;
    expect(init).toMatchObject({ checkpoint: 'init', differing: 0, maxAbs: 0 });
    const worst = (cp: string) =>
      Math.max(...r.divergences.filter((d) => d.checkpoint === cp && d.kind === 'weights').map((d) => d.stats!.maxAbs));
    expect(s1.maxAbs).toBe(worst('step-1'));
    expect(s2.maxAbs).toBe(worst('step-2'));
    expect(s1.maxAbs).toBeGreaterThan(0);
    expect(r.evolution!.loss.subclass[0]).not.toBe(r.evolution!.loss.functional[0]);
  });

  it('says "not compared" (compared 0) where a side has no weights, never 0-as-agreement', async () => {
    const r = await runSpec(
      chain('no-weights', [4], [{ id: 'a', kind: 'activation', config: { activation: 'relu' } }]),
      { steps: 1, fit: false },
    );
    expect(r.evolution!.weights.every((p) => p.compared === 0)).toBe(true);
  });
});

describe('the first mismatching tensor', () => {
  it('is kept as a window of at most 32 × 32 around the first mismatch, said to be cut', () => {
    const shape = [2, 40, 50];
    const a = new Float32Array(4000).map((_, i) => i);
    const b = a.slice();
    b[1 * 2000 + 37 * 50 + 3] = -1;
    const x = { shape, dtype: 'float32', values: a };
    const y = { shape, dtype: 'float32', values: b };
    const stats = compareValues(x, y, { mode: 'exact' } as any);
    const fm = firstMismatchOf({ kind: 'weights', checkpoint: 'step-1', key: 'k/kernel', message: '', stats }, x, y)!;
    expect(fm).toMatchObject({ rows: 80, cols: 50, height: 32, width: 32, cut: true });
    expect(fm.subclass).toHaveLength(1024);
    const [i, j] = fm.at;
    expect(fm.row0 + i).toBe(77);
    expect(fm.col0 + j).toBe(3);
    expect(fm.functional[i * 32 + j]).toBe(-1);
    expect(fm.subclass[i * 32 + j]).toBe(1 * 2000 + 37 * 50 + 3);
  });

  it('is the first divergence with element statistics, recorded by the engine', async () => {
    const r = await runSpec(branches(), { steps: 1, fit: false, mutant: 'concat-swap' });
    const first = r.divergences.find((d) => d.stats && !d.stats.structural)!;
    expect(r.firstMismatch).toMatchObject({
      kind: first.kind,
      checkpoint: first.checkpoint,
      key: first.key,
      cut: false,
      height: 4,
      width: 10,
    });
    expect(r.firstMismatch!.subclass[0]).toBe(first.stats!.first!.subclass);
  });
});
