import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ParityError } from '../index';

/** Why a report cannot be written to `file`, or undefined when it can (its folders are created as needed). */
export function outputProblem(file: string): string | undefined {
  const abs = resolve(file);
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) return 'is a directory';
    try {
      accessSync(abs, constants.W_OK);
    } catch {
      return 'is not writable';
    }
    return undefined;
  }
  let dir = dirname(abs);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) return `cannot create it: ${dir} is a file, not a folder`;
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
