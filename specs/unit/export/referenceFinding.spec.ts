import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult } from '../../../harness/engine/CaseResult';
import { referenceFinding } from '../../../harness/export/referenceFinding';
import { ROOT } from '../../helpers';

const lstm = JSON.parse(
  readFileSync(join(ROOT, 'fixtures', 'regressions', 'reference', 'lstm-regularizer.json'), 'utf8'),
);

/** A reference case's result, as much of it as referenceFinding reads. */
function result(divergences: Partial<CaseResult['divergences'][number]>[], ran = true): CaseResult {
  return {
    name: 'lstm-regularizer',
    spec: lstm.spec,
    verdict: divergences.length > 0 ? 'divergence' : 'parity',
    divergences: divergences.map((d) => ({ message: '', reference: 'keras', ...d })),
    errors: [],
    reference: { ran, reason: ran ? undefined : 'no Keras counterpart', checkpoints: ['forward', 'loss'] },
  } as unknown as CaseResult;
}

describe('referenceFinding', () => {
  it('takes the earliest checkpoint, and there the first value the reference recorded', () => {
    const f = referenceFinding(
      result([
        { kind: 'weights', checkpoint: 'step-1', key: 'l/kernel' },
        { kind: 'gradient', checkpoint: 'gradients', key: 'l/kernel' },
        { kind: 'loss', checkpoint: 'loss', key: 'loss/regularization' },
      ]),
    );
    expect(f).toMatchObject({
      checkpoint: 'loss',
      found: true,
      value: { kind: 'loss', step: 1, part: 'regularization' },
    });
    expect(f.what).toBe("the loss term 'loss/regularization' at loss differs from Keras 3 (reference: keras)");
  });

  it('reads steps, gradients, weights, outputs and node activations where the custom loop and the model give them', () => {
    const one = (d: Partial<CaseResult['divergences'][number]>) => referenceFinding(result([d])).value;
    expect(one({ kind: 'gradient', checkpoint: 'step-3', key: 'l/bias' })).toEqual({
      kind: 'gradient',
      step: 3,
      key: 'l/bias',
    });
    expect(one({ kind: 'weights', checkpoint: 'step-2', key: 'l/kernel' })).toEqual({
      kind: 'weight',
      step: 2,
      key: 'l/kernel',
    });
    expect(one({ kind: 'forward', checkpoint: 'forward', key: 'h' })).toEqual({ kind: 'output', index: 0 });
    expect(one({ kind: 'activation', checkpoint: 'forward', key: 'h' })).toEqual({
      kind: 'activation',
      node: 'h',
      layer: 'l',
      application: 0,
    });
  });

  it('ignores divergences between the two sides, and exports agreement (exit 0) when Keras found nothing', () => {
    const f = referenceFinding(result([{ kind: 'loss', checkpoint: 'loss', key: '', reference: undefined }]));
    expect(f).toMatchObject({ found: false, checkpoint: 'forward', value: { kind: 'output', index: 0 } });
  });

  it('refuses, in one line, a case whose reference did not run or that never ran one', () => {
    expect(() => referenceFinding(result([], false))).toThrow(
      "case 'lstm-regularizer': the Keras reference did not run (no Keras counterpart); nothing to export",
    );
    expect(() => referenceFinding({ ...result([]), reference: undefined })).toThrow(
      "case 'lstm-regularizer': was not run with --reference keras; nothing to compare with Keras",
    );
  });
});
