/**
 * The line of a thrown error that says what went wrong, for results and
 * reports: its message's first line — except tfjs-node's, whose first line
 * is only a status code (`Invalid TF_Status: 3`) and whose second is
 * TensorFlow's message (`Message: Incompatible shapes: [2] vs. [4,4]`).
 */
export function errorLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const [first, second] = message.split('\n');
  const tf = /^Invalid TF_Status: \d+$/.test(first.trim()) ? /^Message: (.*)$/.exec(second?.trim() ?? '') : null;
  return tf ? tf[1] : first;
}
