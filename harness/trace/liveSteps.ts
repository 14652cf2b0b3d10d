import type { TracedCall, TracedStep } from './traceCall';

/** The steps that contribute to the outputs (or to a mask a node is given): what the twin must compute. */
export function liveSteps(trace: Pick<TracedCall, 'steps' | 'outputs'>): TracedStep[] {
  const need = new Set(trace.outputs);
  const keep = new Array<boolean>(trace.steps.length).fill(false);
  for (let i = trace.steps.length - 1; i >= 0; i--) {
    const s = trace.steps[i];
    if (!outputsOf(s).some((id) => need.has(id))) continue;
    keep[i] = true;
    for (const id of inputsOf(s)) need.add(id);
  }
  return trace.steps.filter((_, i) => keep[i]);
}

/** A step's output tensor ids. */
export const outputsOf = (s: TracedStep): number[] => (s.kind === 'node' ? s.outputs : s.call.outputs.map((o) => o.id));

/** A step's input tensor ids (a node's mask included). */
export const inputsOf = (s: TracedStep): number[] =>
  s.kind === 'node' ? [...s.inputs, ...(s.mask ?? [])] : Object.values(s.call.inputs).map((t) => t.id);
