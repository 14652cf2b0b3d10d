import { inferShapes, validateSpec } from '../../../harness';
import { runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

const chain = (shape: (number | null)[], layers: { id: string; kind: string; config?: Record<string, unknown> }[]) =>
  validateSpec({
    version: 1,
    name: 'v',
    inputs: [{ id: 'x', shape }],
    layers,
    nodes: layers.map((l, i) => ({ id: `n${i}`, layer: l.id, inputs: [i === 0 ? 'x' : `n${i - 1}`] })),
    outputs: [`n${layers.length - 1}`],
  });

describe('variable-length input axes (null) in specs', () => {
  const encoder = chain(
    [null, 3],
    [
      { id: 'r', kind: 'lstm', config: { units: 4, returnSequences: true } },
      { id: 'd', kind: 'dense', config: { units: 2 } },
    ],
  );

  it('infer symbolic shapes with null where a size follows the variable axis, concrete ones for the data', () => {
    const { symbolic, shapes, conflict } = inferShapes(encoder);
    expect(conflict).toBeUndefined();
    expect(symbolic.get('n1')).toEqual([null, 2]);
    expect(shapes.get('n1')!.shape).toEqual([3, 2]);
  });

  it('predict the rejection of a layer that must fix a variable axis at build', () => {
    const dense = chain([3, null], [{ id: 'd', kind: 'dense', config: { units: 2 } }]);
    expect(inferShapes(dense).conflict?.reason).toMatch(
      /^layer 'd' fixes its input at build \(last axis 3 .*, last axis 4 .*\): at node 'n0' it follows a variable-length input axis/,
    );
  });

  it('run through every checkpoint with parity', async () => {
    const r = await runSpec(encoder);
    expect(r.verdict).toBe('parity');
    expect(r.checkpoints).toEqual([
      'build',
      'init',
      'forward',
      'forward-training',
      'loss',
      'gradients',
      'step-1',
      'step-2',
      'reload',
      'fit',
      'dispose',
    ]);
  });

  it('show what only the functional API refuses: a flatten over a variable axis works eagerly, not symbolically', async () => {
    const r = await runSpec(
      chain(
        [null, 3],
        [
          { id: 'f', kind: 'flatten' },
          { id: 'd', kind: 'dense', config: { units: 2 } },
        ],
      ),
    );
    expect(r.divergences[0]).toMatchObject({
      kind: 'error',
      checkpoint: 'build',
      message: expect.stringMatching(
        /^functional side threw at build, subclass did not: The shape of the input to "Flatten" is not fully defined/,
      ),
    });
  });
});
