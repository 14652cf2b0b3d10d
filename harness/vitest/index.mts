/**
 * `parity-check/vitest`: the matchers of `parity-check/jest` for vitest.
 * `import 'parity-check/vitest'` in a test file, or list it in vitest's
 * `test.setupFiles`; either way the matchers are added to vitest's
 * `expect`, and in TypeScript `expect(x).toHaveParity()` is typed on
 * vitest's `Assertion`.
 *
 * Why a `.mts` file: vitest is ESM only (`require('vitest')` throws), so
 * this entry is an ES module that imports vitest's own `expect` — the one
 * instance every test file in a worker shares, in the `threads` and the
 * `forks` pools alike. The matchers and their messages are the same code
 * as jest's (`../matchers/`), not a copy.
 */
import { expect } from 'vitest';
import type { CheckLayerOptions, CheckOneOptions } from '../index.js';
import { matchers } from '../matchers/matchers.js';

export { matchers, toHaveParity, toMatchFunctional, toMatchItsTrace } from '../matchers/matchers.js';
export { hasParity, parityMessage, reproduceCommand } from '../matchers/parityMessage.js';

/** The matchers these declarations add. */
interface ParityMatchers<R = unknown> {
  /** Passes only for a case result with verdict `parity` that is informative (see `hasParity`). */
  toHaveParity(): R;
  /** Checks a pair (object or module path) as `npx parity-check --pair` does; passes only on parity. Await it. */
  toMatchFunctional(options?: CheckOneOptions): Promise<R>;
  /** Checks a custom layer (module, path, factory or instance) against the twin derived from its trace, as `npx parity-check --layer` does; passes only on parity. Await it. */
  toMatchItsTrace(options?: CheckLayerOptions): Promise<R>;
}

declare module 'vitest' {
  // vitest declares Assertion with this type parameter; an augmentation must repeat it, and adds only through `extends`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends ParityMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends ParityMatchers {}
}

expect.extend(matchers);
