import { accessSync, constants, existsSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ParityError } from '../index';

/** statfs magic numbers of the kernel's virtual filesystems: writing a report there fails, or blocks (a pipe behind /proc/self/fd). */
const VIRTUAL: Record<number, string> = {
  0x9fa0: 'procfs',
  0x62656572: 'sysfs',
  0x64626720: 'debugfs',
  0x73636673: 'securityfs',
  0x27e0eb: 'cgroupfs',
  0x63677270: 'cgroup2fs',
};

/**
 * Why a report cannot be written to `file`, or undefined when it can (its
 * folders are created as needed). Refused: a directory; a path whose
 * folder on the way is a file; a path on a virtual filesystem (/proc,
 * /sys: a write there fails, or waits for a reader that never comes — a
 * pipe behind /proc/self/fd); a pipe or socket outside /dev; what cannot
 * be written. A character device (/dev/null, a terminal) and /dev/stdout
 * are fine.
 */
export function outputProblem(file: string): string | undefined {
  const abs = resolve(file);
  let dir = dirname(abs);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) return `cannot create it: ${dir} is a file, not a folder`;
  const fs = VIRTUAL[statfsSync(dir).type];
  if (fs) return `${dir} is on ${fs}, a virtual filesystem: choose a path on disk`;
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (st.isDirectory()) return 'is a directory';
    if (!st.isFile() && !st.isCharacterDevice() && !(st.isFIFO() && dir === '/dev'))
      return 'is not a regular file (a pipe or socket would make the run wait, or fail at its end)';
    try {
      accessSync(abs, constants.W_OK);
    } catch {
      return 'is not writable';
    }
    return undefined;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `cannot create it: ${dir} is not writable`;
  }
  return undefined;
}

/**
 * Checks every output path before the first case runs, so a typo costs
 * seconds, not a campaign: one line naming the flag and the file, exit 2.
 * Two reports aimed at one file are refused too.
 */
export function checkOutputPaths(outputs: { flag: string; file: string }[]): void {
  const seen = new Map<string, string>();
  for (const { flag, file } of outputs) {
    const problem = outputProblem(file);
    if (problem) throw new ParityError(`${flag} ${file}: ${problem}`);
    const other = seen.get(resolve(file));
    if (other) throw new ParityError(`${flag} ${file}: ${other} writes this file too; give each report its own file`);
    seen.set(resolve(file), flag);
  }
}
