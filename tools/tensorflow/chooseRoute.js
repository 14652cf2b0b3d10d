'use strict';
/**
 * Which way the tensorflow backend gets set up, as a function of injected
 * steps, so the order and every fallback can be tested with fakes.
 *
 * The order is how users would get tfjs-node themselves: what is already
 * there, then tfjs-node's own install (libtensorflow from Google's storage,
 * a prebuilt addon), then the addon built against a TensorFlow wheel pip can
 * obtain — from the cache when an earlier install built it. Nothing here
 * throws: a failed step is a reason, and the result is always one line.
 */

/**
 * @typedef {object} Steps
 * @property {() => string | null} skipReason why not to try at all (an opt-out), or null
 * @property {() => string | null} missingReason why tfjs-node is not installed, or null when it is
 * @property {() => Promise<{ ok: true, detail: string } | { ok: false, reason: string }>} probe loads tfjs-node in a child: ok when the backend is `tensorflow`
 * @property {() => Promise<string | null>} ownInstall runs tfjs-node's own install script; a reason when it failed
 * @property {() => boolean} cached whether a finished wheel build is in the cache
 * @property {() => Promise<string | null>} restore copies the cached build into tfjs-node; a reason when it failed
 * @property {() => Promise<string | null>} buildFromWheel builds from the wheel and stores the result in the cache; a reason when it failed
 * @property {string} cacheDir where the wheel build is cached, for the line
 * @property {string} log where every step's output is, for the line when no route worked
 */

/**
 * @typedef {object} RouteResult
 * @property {'present' | 'own-install' | 'cache' | 'wheel' | 'none'} route
 * @property {string} line the one line the install prints
 */

const FALLBACK = 'runs will use the wasm backend, then cpu';

/**
 * Sets up the tensorflow backend by the first route that works.
 * @param {Steps} steps
 * @returns {Promise<RouteResult>}
 */
async function chooseRoute(steps) {
  const skip = steps.skipReason();
  if (skip) return none(skip);
  const missing = steps.missingReason();
  if (missing) return none(missing);

  // npm (before allowScripts, or with tfjs-node's script approved) may have run its install already.
  const before = await steps.probe();
  if (before.ok) return { route: 'present', line: `tensorflow backend: ready, already set up (${before.detail})` };

  const ownFailure = await steps.ownInstall();
  if (ownFailure === null) {
    const after = await steps.probe();
    if (after.ok)
      return { route: 'own-install', line: `tensorflow backend: ready via tfjs-node's own install (${after.detail})` };
  }
  const own = `tfjs-node's own install failed (${ownFailure ?? 'it finished but tfjs-node does not load'})`;

  if (steps.cached()) {
    const restoreFailure = await steps.restore();
    const restored = restoreFailure === null ? await steps.probe() : { ok: false, reason: restoreFailure };
    if (restored.ok)
      return {
        route: 'cache',
        line: `tensorflow backend: ready via the cached wheel build in ${steps.cacheDir} (${restored.detail}); ${own}`,
      };
    // A cache that does not load (a different libc, a half-deleted file) is rebuilt, not trusted.
  }
  const buildFailure = await steps.buildFromWheel();
  if (buildFailure !== null)
    return none(`${own}; building from a TensorFlow wheel failed (${buildFailure}); details in ${steps.log}`);
  const built = await steps.probe();
  if (!built.ok)
    return none(
      `${own}; the addon built from a TensorFlow wheel does not load (${built.reason}); details in ${steps.log}`,
    );
  return {
    route: 'wheel',
    line: `tensorflow backend: ready via a TensorFlow wheel, built and cached in ${steps.cacheDir} (${built.detail}); ${own}`,
  };
}

/** @param {string} why */
function none(why) {
  return { route: /** @type {const} */ ('none'), line: `tensorflow backend: unavailable — ${why}; ${FALLBACK}` };
}

module.exports = { chooseRoute, FALLBACK };
