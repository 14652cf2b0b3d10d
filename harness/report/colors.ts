import { createColors } from 'picocolors';

/** What decides whether the console report is coloured. */
export interface ColorContext {
  env: Record<string, string | undefined>;
  argv: readonly string[];
  /** Whether standard output is a terminal. */
  isTTY: boolean;
}

/**
 * Whether to colour the console report, by the conventions users set:
 * `--no-color` or a non-empty `NO_COLOR` (no-color.org) turn colour off
 * and win over everything; `--color` or `FORCE_COLOR` turn it on —
 * except `FORCE_COLOR=0` or `false`, which mean off, as Node reads them
 * (picocolors alone would take `FORCE_COLOR=0` as on). Otherwise colour
 * goes to a terminal (not `TERM=dumb`) and to CI logs (`CI`), as
 * picocolors decides.
 */
export function colorEnabled({ env, argv, isTTY }: ColorContext): boolean {
  if (argv.includes('--no-color') || (env.NO_COLOR ?? '') !== '') return false;
  if (argv.includes('--color')) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  return (isTTY && env.TERM !== 'dumb') || (env.CI ?? '') !== '';
}

/** picocolors' colour functions, on or off for this process by {@link colorEnabled}. */
export const pc = createColors(
  colorEnabled({ env: process.env, argv: process.argv, isTTY: process.stdout?.isTTY === true }),
);
