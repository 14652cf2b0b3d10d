import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `pretest` runs specs/setup/ensureChromium.js so that `npm ci && npm test` works on a fresh Debian machine.
const SCRIPT = join(__dirname, '..', 'setup', 'ensureChromium.js');
const root = process.getuid?.() === 0;

/** Runs the script against a chromium path and a fake apt-get that logs its arguments (and exits with `status`). */
function run(chromium: string, status = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'pc-chromium-'));
  const log = join(dir, 'apt-get.log');
  writeFileSync(join(dir, 'apt-get'), `#!/bin/sh\necho "$@" >> "${log}"\nexit ${status}\n`);
  chmodSync(join(dir, 'apt-get'), 0o755);
  const r = spawnSync(process.execPath, [SCRIPT], {
    env: { ...process.env, PARITY_CHECK_CHROMIUM: chromium, PATH: `${dir}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return {
    code: r.status,
    err: r.stderr.trim(),
    calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [],
  };
}

describe('pretest: Debian chromium for the browser tests', () => {
  it('does nothing when chromium is there', () => {
    expect(run(process.execPath)).toEqual({ code: 0, err: '', calls: [] });
  });

  it(
    root
      ? 'as root, installs a missing chromium with apt-get, saying so first'
      : 'not as root, says in one line what to install',
    () => {
      const r = run('/nonexistent/chromium');
      expect(r.code).toBe(0);
      if (root) {
        expect(r.calls).toEqual(['update', 'install -y chromium']);
        expect(r.err).toBe(
          "parity-check tests: /nonexistent/chromium is missing; installing Debian's chromium for the HTML report's browser tests (apt-get install -y chromium)",
        );
      } else {
        expect(r.calls).toEqual([]);
        expect(r.err).toBe(
          "parity-check tests: /nonexistent/chromium is missing; the HTML report's browser tests need Debian's chromium (sudo apt-get install -y chromium)",
        );
      }
    },
  );

  it('a failing apt-get is one line and the suite still runs (exit 0: the browser tests then fail with their own line)', () => {
    const r = run('/nonexistent/chromium', 100);
    expect(r.code).toBe(0);
    if (root) {
      expect(r.calls).toEqual(['update']);
      expect(r.err.split('\n').pop()).toBe(
        'parity-check tests: apt-get update failed (exit 100); the browser tests will fail, the rest runs',
      );
    } else {
      expect(r.calls).toEqual([]);
    }
  });
});
