// A user's own jest test of a custom layer: `toMatchFunctional` runs the
// pair exactly as `npx parity-check --pair` would and passes only on parity.
import { checkPair } from 'parity-check';
import 'parity-check/jest';
import { residualPair } from './residualPair';

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
  });
});
