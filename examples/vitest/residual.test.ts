// A user's own vitest suite for a custom layer: `toMatchFunctional` runs the
// pair exactly as `npx parity-check --pair` would and passes only on parity.
import { checkPair } from 'parity-check';
import { describe, expect, it } from 'vitest';
import { residualPair } from './residualPair.js';

describe('ResidualBlock', () => {
  it('trains exactly like its functional twin', async () => {
    await expect(residualPair()).toMatchFunctional();
  });

  it('without its skip connection it does not, and the failure says where', async () => {
    const result = await checkPair(residualPair({ skip: false }));
    expect(result).not.toHaveParity();
    expect(() => expect(result).toHaveParity()).toThrow(
      /First divergence: forward at checkpoint forward, key output\[0\]\n(.|\n)*Mismatched elements: \d+ \/ 24/,
    );
    await expect(expect(residualPair({ skip: false })).toMatchFunctional()).rejects.toThrow(
      /Reproduce: export the pair from a module and run npx parity-check --pair <module>/,
    );
  });

  it('checked against its own trace (no twin written): it plugs into tfjs correctly', async () => {
    // The twin is derived from call(): plumbing, not arithmetic — the block without its skip passes too.
    await expect(residualPair({ skip: false }).subclass).toMatchItsTrace({ inputs: [{ shape: [6] }] });
  });
});
