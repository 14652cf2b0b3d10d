#!/usr/bin/env node
'use strict';
/**
 * Install step (package.json `postinstall`): sets up the `tensorflow` backend
 * and prints one line saying how, or why runs will use wasm/cpu instead.
 * It never fails the install: the backend is optional.
 *
 * Set PARITY_CHECK_TENSORFLOW=skip to leave tfjs-node alone, and
 * PARITY_CHECK_CACHE to move the cache (default ~/.cache/parity-check).
 */
const path = require('node:path');
const { chooseRoute, FALLBACK } = require('./chooseRoute');
const { tfjsNodeSteps } = require('./tfjsNodeSteps');

const started = Date.now();
Promise.resolve()
  .then(() => chooseRoute(tfjsNodeSteps(path.resolve(__dirname, '..', '..'))))
  .then(
    (r) => console.log(`parity-check: ${r.line} [${Math.round((Date.now() - started) / 1000)} s]`),
    (e) =>
      console.log(
        `parity-check: tensorflow backend: unavailable — its setup failed (${e instanceof Error ? e.message : String(e)}); ${FALLBACK}`,
      ),
  )
  .finally(() => {
    process.exitCode = 0;
  });
