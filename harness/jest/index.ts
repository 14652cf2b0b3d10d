/**
 * `parity-check/jest`: jest matchers for parity. `require('parity-check/jest')`
 * in a test file, or list `'parity-check/jest'` in `setupFilesAfterEnv`;
 * either way the matchers are added to jest's `expect`. In TypeScript,
 * importing it also types `expect(x).toHaveParity()` on the global `expect`
 * (`jest.Matchers`, as `@types/jest` declares it).
 */
import type { CheckLayerOptions, CheckOneOptions } from '../index';
import { matchers } from '../matchers/matchers';

export { matchers, toHaveParity, toMatchFunctional, toMatchItsTrace } from '../matchers/matchers';
export { hasParity, parityMessage, reproduceCommand } from '../matchers/parityMessage';

/** The matchers these declarations add. */
interface ParityMatchers<R> {
  /** Passes only for a case result with verdict `parity` that is informative (see `hasParity`). */
  toHaveParity(): R;
  /** Checks a pair (object or module path) as `npx parity-check --pair` does; passes only on parity. Await it. */
  toMatchFunctional(options?: CheckOneOptions): Promise<R>;
  /** Checks a custom layer (module, path, factory or instance) against the twin derived from its trace, as `npx parity-check --layer` does; passes only on parity. Await it. */
  toMatchItsTrace(options?: CheckLayerOptions): Promise<R>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // jest declares Matchers with these type parameters; an augmentation must repeat them, and adds only through `extends`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> extends ParityMatchers<R> {}
  }
}

/** jest's `expect` where this file runs: the global one, or `@jest/globals`' when globals are not injected. */
function jestExpect(): { extend(m: object): void } | undefined {
  const g = (globalThis as { expect?: { extend?: unknown } }).expect;
  if (g && typeof g.extend === 'function') return g as { extend(m: object): void };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@jest/globals') as { expect: { extend(m: object): void } }).expect;
  } catch {
    return undefined;
  }
}

const target = jestExpect();
if (!target)
  throw new Error(
    "parity-check/jest: no jest expect here — require it from a jest test file or list it in jest's setupFilesAfterEnv",
  );
target.extend(matchers);
