import { findKerasPython } from './keras/findPython';

/** The references `--reference` takes. */
export const REFERENCES = ['keras'] as const;
export type ReferenceName = (typeof REFERENCES)[number];

/**
 * Why a reference cannot run on this machine — one line saying what to
 * install — or undefined when it can. Checked once per process, before any
 * case runs, so a run never reports a reference it could not start.
 */
export function requireReference(name: ReferenceName): string | undefined {
  if (name === 'keras') return findKerasPython().problem;
  return undefined;
}
