#!/usr/bin/env node
/**
 * Runs before `npm test` (the `pretest` script): the HTML report's browser
 * tests drive Debian's chromium, never a browser a test tool downloads.
 * So that the README's two commands work on a fresh Debian machine, a
 * missing chromium is installed with apt-get when this runs as root (as CI
 * and this project's machines do), saying so first; anywhere else it says
 * in one line what to install and lets the suite run (the browser tests
 * then fail with the same line, everything else still runs).
 *
 * `PARITY_CHECK_CHROMIUM` overrides the path checked (for this script's own test).
 */
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const CHROMIUM = process.env.PARITY_CHECK_CHROMIUM || '/usr/bin/chromium';
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function main() {
  if (existsSync(CHROMIUM)) return 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) {
    console.error(
      `parity-check tests: ${CHROMIUM} is missing; the HTML report's browser tests need Debian's chromium (sudo apt-get install -y chromium)`,
    );
    return 0;
  }
  console.error(
    `parity-check tests: ${CHROMIUM} is missing; installing Debian's chromium for the HTML report's browser tests (apt-get install -y chromium)`,
  );
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        `parity-check tests: apt-get ${args.join(' ')} failed (exit ${r.status}); the browser tests will fail, the rest runs`,
      );
      return 0;
    }
  }
  return 0;
}

process.exitCode = main();
