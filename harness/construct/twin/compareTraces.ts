import type { TfLayer } from '../../architecture/catalogue';
import type { TracedCall, TracedConstant, TracedStep } from '../../trace/traceCall';
import { inputsOf, liveSteps, outputsOf } from '../../trace/liveSteps';

export { liveSteps, outputsOf };
import { BATCH } from './opCodec';

/** How a step reads for people: `op 3 (MatMul)`, `Dense 'proj'`. */
export function stepLabel(s: TracedStep, live: TracedStep[]): string {
  if (s.kind === 'node') return `${s.layer.getClassName()} '${s.layer.name}'`;
  return `op ${live.filter((x) => x.kind === 'op').indexOf(s) + 1} (${s.call.kernel})`;
}

/** Where each tensor a live step reads comes from, position-wise: comparable between two traces of one layer. */
function sourcesOf(trace: TracedCall, live: TracedStep[]): string[][] {
  const where = new Map<number, string>();
  trace.inputs.forEach((id, i) => where.set(id, `input ${i}`));
  live.forEach((s, k) => outputsOf(s).forEach((id, j) => where.set(id, `step ${k}.${j}`)));
  return live.map((s) => {
    const named =
      s.kind === 'node'
        ? s.inputs.map((id, i) => [String(i), id] as const)
        : Object.entries(s.call.inputs).map(([n, t]) => [n, t.id] as const);
    return named.map(([n, id]) => `${n}=${where.get(id) ?? (trace.variables.has(id) ? `variable ${id}` : 'constant')}`);
  });
}

const sameConstant = (a: TracedConstant | undefined, b: TracedConstant | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.dtype === b.dtype &&
  a.shape.join() === b.shape.join() &&
  a.values.length === b.values.length &&
  a.values.every((v, i) => Object.is(v, b.values[i]));

/** The constants a step reads, by input position. */
function constantsOf(trace: TracedCall, s: TracedStep): (TracedConstant | undefined)[] {
  return inputsOf(s).map((id) => trace.constants.get(id));
}

/**
 * Why two traces of one layer do not describe one graph — other steps,
 * other wiring, other constants — or undefined when they do. `what` says
 * how the second trace differs from the first (`with training: true`,
 * `with a batch of 3`). Attributes and output shapes are compared by
 * {@link batchTemplate}, and only between batch sizes.
 */
export function graphDifference(
  a: TracedCall,
  b: TracedCall,
  what: string,
  layerIds: (l: TfLayer) => number,
  compareConstants = true,
): string | undefined {
  const la = liveSteps(a);
  const lb = liveSteps(b);
  const sa = sourcesOf(a, la);
  const sb = sourcesOf(b, lb);
  const n = Math.max(la.length, lb.length);
  for (let k = 0; k < n; k++) {
    const x = la[k];
    const y = lb[k];
    if (!x) return `call() runs ${stepLabel(y, lb)} only ${what}`;
    if (!y) return `call() runs ${stepLabel(x, la)} only without ${what.replace(/^with /, '')}`;
    const same =
      x.kind === y.kind &&
      (x.kind === 'node'
        ? y.kind === 'node' && layerIds(x.layer) === layerIds(y.layer) && x.list === y.list
        : y.kind === 'op' && x.call.kernel === y.call.kernel) &&
      sa[k].join() === sb[k].join();
    if (!same)
      return `call() computes another graph ${what}: step ${k + 1} is ${stepLabel(x, la)} reading ${sa[k].join(', ') || 'nothing'}, ${what} ${stepLabel(y, lb)} reading ${sb[k].join(', ') || 'nothing'}`;
    if (compareConstants) {
      const ca = constantsOf(a, x);
      const cb = constantsOf(b, y);
      const i = ca.findIndex((c, j) => c !== undefined && !sameConstant(c, cb[j]));
      if (i >= 0)
        return `${stepLabel(x, la)} reads a tensor made in call() (not from its inputs or weights) whose ${ca[i]!.shape.join() === cb[i]?.shape.join() ? 'values' : 'shape'} change ${what}: the twin would freeze it`;
    }
  }
  return undefined;
}

/**
 * The attributes of a kernel as the twin stores them: equal in a trace at
 * batch 2 and one at batch 3, or a number that is the batch size in both
 * (`tf.reshape(x, [x.shape[0], …])`), stored as a placeholder. Anything
 * else that follows the batch size throws, naming the attribute.
 */
export function batchTemplate(a: unknown, b: unknown, path: string, batches: [number, number]): unknown {
  if (Object.is(a, b)) return a;
  if (typeof a === 'number' && typeof b === 'number' && a === batches[0] && b === batches[1]) return BATCH;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.map((x, i) => batchTemplate(x, b[i], `${path}[${i}]`, batches));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    return Object.fromEntries(
      [...keys].map((k) => [
        k,
        batchTemplate((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, batches),
      ]),
    );
  }
  throw new Error(
    `its attribute ${path} follows the batch size in a way the twin cannot follow (${JSON.stringify(a)} at batch ${batches[0]}, ${JSON.stringify(b)} at batch ${batches[1]})`,
  );
}
