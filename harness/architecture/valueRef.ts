/**
 * A value reference: what a node's `inputs` and a spec's `outputs` name.
 * `n3` is the first output of node `n3` (or the input `n3`); `n3:1` its
 * second, for layers that return several tensors (a recurrent layer with
 * `returnState`, a block with several outputs). Ids cannot contain `:`,
 * so the two never clash.
 */

/** The node (or input) id a reference reads from. */
export function nodeOf(ref: string): string {
  const i = ref.indexOf(':');
  return i < 0 ? ref : ref.slice(0, i);
}

/** Which output of its node a reference reads (0 for a plain id). */
export function outputIndexOf(ref: string): number {
  const i = ref.indexOf(':');
  return i < 0 ? 0 : Number(ref.slice(i + 1));
}

/** The reference to output `index` of node `id`: the plain id for the first. */
export function outputRef(id: string, index: number): string {
  return index === 0 ? id : `${id}:${index}`;
}

/** Whether a reference is well-formed: an id, optionally `:k` with k a positive integer. */
export function isWellFormedRef(ref: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*(:[1-9][0-9]*)?$/.test(ref);
}
