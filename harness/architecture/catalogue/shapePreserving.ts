import type { z } from 'zod';
import type { LayerKind } from './LayerKind';
import { expectRank, float } from './options';

/**
 * A kind that maps a float input of any rank to the same shape and has no
 * shape rule of its own (activations, noise): only its config, sampling and
 * construction differ.
 */
export function shapePreserving<C>(
  kind: string,
  className: string,
  config: z.ZodType<C>,
  sample: LayerKind<C>['sample'],
  create: LayerKind<C>['create'],
): LayerKind<C> {
  return {
    kind,
    className,
    arity: 'unary',
    config,
    output: ([x]) => float(expectRank(x, { min: 1 }, kind)),
    input: { rank: { min: 1 } },
    sample,
    create,
  };
}
