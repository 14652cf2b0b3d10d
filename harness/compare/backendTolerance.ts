/**
 * The default tolerance between backends (`--backends`). Two backends run
 * the same kernels in other summation orders (and with other
 * transcendental approximations), so a correct model's values differ in
 * their last bits; one backend against itself stays exact.
 *
 * How it was derived: `node tools/calibrateBackendTolerance.js` runs
 * generated cases (correct by construction: both sides of each case agree
 * exactly on every backend) on cpu, wasm and tensorflow with nothing
 * tolerated, and records, per backend pair, the greatest absolute and
 * relative difference of every compared tensor whose first differing
 * kernel, replayed on identical inputs, agrees (accumulated rounding, not
 * a wrong kernel). The README's "Across backends" section records the
 * run and its numbers; this bound covers all of them with room to spare.
 */
export const DEFAULT_BACKEND_TOLERANCE = 'atol:1e-4,rtol:1e-3';
