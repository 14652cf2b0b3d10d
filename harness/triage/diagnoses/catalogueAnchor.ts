/**
 * The headings of fixtures/pairs/README.md, by entry number (`07a` and
 * `07b` share heading 7). A diagnosis links to its entry's heading; a
 * test checks each one against the README.
 */
export const CATALOGUE_HEADINGS: Readonly<Record<number, string>> = {
  1: 'Untracked sublayers',
  2: 'Lazy build before compile',
  3: '`training` not forwarded',
  4: 'Custom loop without `training: true`',
  5: 'Regularizer on a sublayer',
  6: "Shared layer's regularizer",
  7: 'Optimizer slots by position',
  9: 'Call-time arguments stored on a functional node',
  10: 'Mask propagation',
  11: 'Missing `computeOutputShape`',
  12: 'Serialization',
  13: '`trainable = false` on a custom layer',
  14: 'Randomness',
  15: 'Duplicate layer names',
  16: 'Dispose leaks',
  18: '`call()` without `tf.tidy`',
  19: '`build()` keeps its trace',
};

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchor of an entry's heading in fixtures/pairs/README.md (`07b-shared-optimizer-permuted-list` → `7-optimizer-slots-by-position`). */
export function catalogueAnchor(entry: string): string {
  const n = Number(/^(\d+)/.exec(entry)?.[1]);
  const heading = CATALOGUE_HEADINGS[n];
  if (heading === undefined) throw new Error(`no catalogue heading for entry '${entry}'`);
  return headingAnchor(`${n}. ${heading}`);
}
