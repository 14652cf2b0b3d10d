'use strict';
/** Running one step of the setup as a child process, its output kept in a log, not on the console. */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

/**
 * Runs a command and appends its output to `log`. The install prints one
 * line of its own; pip's and gyp's output would bury it, so it goes to the
 * log, and a failure's reason quotes the line that says what went wrong.
 * @param {{ log: string }} ctx
 * @param {string} label what the step is, for the reason
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, timeoutMs?: number, env?: NodeJS.ProcessEnv }} [options]
 * @returns {{ ok: boolean, stdout: string, reason: string }}
 */
function run(ctx, label, cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  fs.appendFileSync(
    ctx.log,
    `\n$ ${[cmd, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}\n${stdout}${stderr}exit ${r.status ?? r.signal ?? r.error?.message}\n`,
  );
  if (r.status === 0) return { ok: true, stdout, reason: '' };
  const why =
    r.error?.code === 'ETIMEDOUT'
      ? `timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`
      : r.error
        ? r.error.message
        : `exit ${r.status ?? r.signal}`;
  return { ok: false, stdout, reason: `${label}: ${why}${telling(stderr + stdout)}` };
}

/**
 * The line that says what went wrong, shortened: the last thrown error's
 * line (`Error: getaddrinfo ENOTFOUND …`, pip's `ERROR: …`, gyp's `… Error: make failed`), else the last
 * line naming an error that is not a stack frame, else the last line.
 * @param {string} text
 */
function telling(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at /.test(l));
  const last = (re) => [...lines].reverse().find((l) => re.test(l));
  const line =
    last(/^(\w*Error|ERROR)[: ]|\bError: /) ??
    last(/\berror\b|not found|no matching|denied|cannot/i) ??
    lines[lines.length - 1];
  return line ? `, "${line.length > 160 ? `${line.slice(0, 157)}…` : line}"` : '';
}

module.exports = { run, telling };
