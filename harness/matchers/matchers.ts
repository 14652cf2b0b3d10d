import {
  checkLayer,
  checkPair,
  type CaseResult,
  type CheckLayerOptions,
  type CheckOneOptions,
  type LayerSubject,
  type PairModule,
} from '../index';
import { hasParity, parityMessage } from './parityMessage';

/**
 * What jest and vitest both give a matcher as `this` (only what these
 * matchers use): the matchers are written once, for either `expect.extend`.
 */
interface MatcherContext {
  isNot?: boolean;
  promise?: string;
  utils: {
    matcherHint(
      name: string,
      received?: string,
      expected?: string,
      options?: { isNot?: boolean; promise?: string },
    ): string;
  };
}

/** A matcher's answer to jest or vitest. */
interface MatcherResult {
  pass: boolean;
  message(): string;
}

const isCaseResult = (x: unknown): x is CaseResult =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as CaseResult).verdict === 'string' &&
  Array.isArray((x as CaseResult).divergences) &&
  typeof (x as CaseResult).config === 'object';

function judged(ctx: MatcherContext, name: string, received: string, expected: string, r: CaseResult): MatcherResult {
  const pass = hasParity(r);
  const hint = ctx.utils.matcherHint(name, received, expected, { isNot: ctx.isNot, promise: ctx.promise });
  return { pass, message: () => [hint, '', ...parityMessage(r, pass)].join('\n') };
}

/**
 * `expect(result).toHaveParity()`: passes only when the case result's
 * verdict is `parity` and the case is informative. A known divergence, an
 * agreed error, a harness error, a backend limitation, a timeout, a crash
 * and an uninformative case (both sides non-finite alike) fail it — see
 * {@link hasParity}. The message reads like torch's `assert_close` and ends
 * with the command that reruns the case.
 */
export function toHaveParity(this: MatcherContext, received: unknown): MatcherResult {
  if (!isCaseResult(received))
    throw new TypeError(
      `toHaveParity() expects a parity-check case result (from checkPair, checkSpec or check().cases), got ${received === null ? 'null' : typeof received}`,
    );
  return judged(this, 'toHaveParity', 'result', '', received);
}

/**
 * `await expect(pair).toMatchFunctional(options?)`: checks the pair — an
 * object shaped like a pair module's default export, or a pair module's
 * path — with {@link checkPair} (the CLI's `--pair` path; the caller's
 * backend, `Math.random` and tfjs hooks as they were afterwards) and
 * passes exactly when {@link toHaveParity} would. Bad input (a pair that
 * cannot work) rejects with its one-line error, with or without `.not`.
 */
export async function toMatchFunctional(
  this: MatcherContext,
  received: unknown,
  options: CheckOneOptions = {},
): Promise<MatcherResult> {
  if (typeof received !== 'string' && (typeof received !== 'object' || received === null))
    throw new TypeError(
      `toMatchFunctional() expects a pair ({ name, inputs, functional, subclass }) or a pair module's path, got ${received === null ? 'null' : typeof received}`,
    );
  const r = await checkPair(received as PairModule | string, options);
  return judged(this, 'toMatchFunctional', 'pair', 'options', r);
}

/**
 * `await expect(layer).toMatchItsTrace(options?)`: checks a custom layer
 * with no hand-written twin — a layer module (object or path), a factory
 * `({ tf, init }) => new MyLayer(…)` or an instance (give `inputs` in the
 * options for a factory, or for an instance built without `inputShape`) —
 * with {@link checkLayer}: its functional twin is derived from a trace of
 * its `call()`, so it checks how the layer plugs into tfjs, not its
 * arithmetic (the failure message says so). Passes exactly when
 * {@link toHaveParity} would; a layer whose twin cannot be derived rejects
 * with the refusal naming the op, with or without `.not`.
 */
export async function toMatchItsTrace(
  this: MatcherContext,
  received: unknown,
  options: CheckLayerOptions = {},
): Promise<MatcherResult> {
  if (
    typeof received !== 'string' &&
    typeof received !== 'function' &&
    (typeof received !== 'object' || received === null)
  )
    throw new TypeError(
      `toMatchItsTrace() expects a layer module ({ name, inputs, layer }) or its path, a factory ({ tf, init }) => layer, or a tf.layers.Layer, got ${received === null ? 'null' : typeof received}`,
    );
  const r = await checkLayer(received as LayerSubject, options);
  return judged(this, 'toMatchItsTrace', 'layer', 'options', r);
}

/** Every matcher of `parity-check/jest` and `parity-check/vitest`, for `expect.extend`. */
export const matchers = { toHaveParity, toMatchFunctional, toMatchItsTrace };
