import { accessSync, constants, existsSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** statfs magic numbers of the kernel's virtual filesystems: writing a report there fails, or blocks (a pipe behind /proc/self/fd). */
const VIRTUAL: Record<number, string> = { 0x9fa0: 'procfs', 0x62656572: 'sysfs', 0x64626720: 'debugfs', 0x73636673: 'securityfs', 0x27e0eb: 'cgroupfs', 0x63677270: 'cgroup2fs' };

/**
 * Why a report cannot be written to `file`, or undefined when it can — asked
 * before the first case runs, so a run never computes everything and then
 * loses it (or hangs) at its last step. A path is refused when it is a
 * directory, when a folder on its way is a file, when it lies on a virtual
 * filesystem (/proc, /sys: a write there fails, or waits for a reader that
 * never comes), when it is a pipe or socket outside /dev, or when its
 * nearest existing folder cannot be written to. A character device
 * (/dev/null, a terminal) and /dev/stdout are fine.
 */
export function outputPathProblem(file: string): string | undefined {
  const path = resolve(file);
  // The nearest folder that exists: every part below it will be created.
  let dir = dirname(path);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) return `its folder ${dir} is a file`;
  const fs = VIRTUAL[statfsSync(dir).type];
  if (fs) return `${dir} is on ${fs}, a virtual filesystem (choose a path on disk)`;
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory()) return 'is a directory';
    // /dev/null, a terminal, /dev/stdout into a pipe someone reads: written as a user asks.
    if (!st.isFile() && !st.isCharacterDevice() && !(st.isFIFO() && dir === '/dev')) return 'is not a regular file (a pipe or socket would make the run wait or fail at its end)';
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `${dir} is not writable`;
  }
  return undefined;
}
