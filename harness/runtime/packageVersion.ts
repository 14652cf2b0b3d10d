import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * parity-check's own version, from the nearest package.json above this
 * file named parity-check — wherever the code runs from (the compiled
 * dist/, or the sources under a test runner).
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'parity-check') return String(pkg.version);
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
