import { cliJson } from '../helpers';

/**
 * The README's findings that no catalogue layer expresses, as pair modules
 * (fixtures/pairs/findings/): what the harness reports for each, run as a
 * user runs it (`npm run build` first).
 */
describe('finding pairs', () => {
  it('matMul rank 3 x rank 2: both sides throw the same tfjs gradient error — agreed-error, exit 0', () => {
    const r = cliJson('--pair', 'fixtures/pairs/findings/matmul-rank3-gradient.mjs', '--backend', 'cpu');
    expect(r.code).toBe(0);
    const c = r.json.cases[0];
    expect(c.verdict).toBe('agreed-error');
    expect(c.divergences).toEqual([]);
    expect(c.errors[0]).toMatchObject({ side: 'both', checkpoint: 'loss' });
    expect(c.errors[0].message).toContain("Error in gradient for op BatchMatMul. The gradient of input 'b'");
  });

  it('addLoss in call(): the sides call the layer a different number of times, so their losses differ — a new divergence at loss, exit 1', () => {
    const r = cliJson('--pair', 'fixtures/pairs/findings/addloss-per-call.mjs', '--backend', 'cpu');
    expect(r.code).toBe(1);
    const c = r.json.cases[0];
    expect(c.verdict).toBe('divergence');
    expect(c.knownCause).toBeUndefined();
    expect(c.divergences[0]).toMatchObject({ kind: 'loss', checkpoint: 'loss' });
    // Only the losses differ at first: the forward passes agree bit for bit.
    expect(c.divergences.filter((d: { checkpoint: string }) => d.checkpoint.startsWith('forward'))).toEqual([]);
  });
});
