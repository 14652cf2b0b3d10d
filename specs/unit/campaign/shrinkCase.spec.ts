import type { CaseResult } from '../../../harness';
import type { RawCase } from '../../../harness/generate/caseArbitrary';
import { shrinkCase } from '../../../harness/campaign/shrinkCase';

const config = { optimizer: 0, learningRate: 0, steps: 1, batch: 1, loss: 0 };
const result = {} as CaseResult;

describe('shrinkCase', () => {
  it('drops every step the signature does not need, trailing ones included', async () => {
    // The "divergence" needs one step holding exactly [7, 3]: every smaller value breaks it,
    // as a smaller choice picks another layer kind in a real recipe.
    const shows = (raw: RawCase) => raw.recipe.steps.some((s) => s.length === 2 && s[0] === 7 && s[1] === 3);
    const run = async (raw: RawCase) => ({ result, label: shows(raw) ? 'sig|new' : undefined });
    const raw: RawCase = { recipe: { head: [], steps: [[9, 9], [7, 3], [5], [], [4, 4, 4]] }, config };
    const shrunk = await shrinkCase(raw, result, 'sig|new', run);
    expect(shrunk.raw.recipe.steps).toEqual([[7, 3]]);
    expect(shrunk.steps).toBeGreaterThan(0);
  });
});
