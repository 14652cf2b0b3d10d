import { spawnSync } from 'node:child_process';
import { ROOT } from '../../helpers';

/**
 * tfjs-backend-wasm 4.22 in Node, shown in a child process (these tests
 * change process-wide listeners, which a jest worker must keep):
 *
 * 1. Initializing the backend adds emscripten's listeners: its
 *    `unhandledRejection` listener rethrows the reason, so any unhandled
 *    rejection kills the process (or worker) even when the application
 *    handles `unhandledRejection` itself.
 * 2. tfjs means to remove those listeners when the backend is disposed, but
 *    the filter in tfjs-backend-wasm/src/cc/post.js,
 *    `!beforeListeners.unhandledRejection.indexOf(listener) > -1`, reads
 *    `(!index) > -1` — always true — so `tf.removeBackend('wasm')` removes
 *    every listener, the application's own included.
 *
 * The pool's workers remove the added listeners once the backend is ready
 * (campaign/worker.ts), so a case's asynchronous error is reported as its own.
 */
function inChild(script: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const SETUP = `
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const mine = () => {};
process.on('unhandledRejection', mine);
process.on('uncaughtException', mine);
`;

describe('tfjs-backend-wasm process listeners (Node)', () => {
  it("its initialization adds an unhandledRejection listener that rethrows, beside the application's own", () => {
    const r = inChild(`${SETUP}
(async () => {
  await tf.setBackend('wasm'); await tf.ready();
  const added = process.listeners('unhandledRejection').filter((l) => l !== mine);
  let rethrown;
  try { added[0](new Error('a rejection nobody awaited')); } catch (e) { rethrown = e.message; }
  console.log(JSON.stringify({ backend: tf.getBackend(), added: added.length, rethrown, mineKept: process.listeners('unhandledRejection').includes(mine) }));
})();`);
    expect(r).toEqual({ backend: 'wasm', added: 1, rethrown: 'a rejection nobody awaited', mineKept: true });
  });

  it('removing the backend removes the listeners the application had before (kept: those added after, which the filter never saw)', () => {
    const r = inChild(`${SETUP}
(async () => {
  await tf.setBackend('wasm'); await tf.ready();
  const late = () => {};
  process.on('unhandledRejection', late);
  await tf.setBackend('cpu');
  tf.removeBackend('wasm');
  const has = (event, l) => process.listeners(event).includes(l);
  console.log(JSON.stringify({ before: [has('unhandledRejection', mine), has('uncaughtException', mine)], after: has('unhandledRejection', late), emscripten: process.listeners('unhandledRejection').length - 1 }));
})();`);
    // A correct filter would keep the listeners from before and remove emscripten's; this one removes everything it saw.
    expect(r).toEqual({ before: [false, false], after: true, emscripten: 0 });
  });
});
