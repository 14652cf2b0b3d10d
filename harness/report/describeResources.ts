import type { CaseResult } from '../engine/CaseResult';

/**
 * What the case's sides left alive, in one line, or undefined when they
 * left nothing: per checkpoint where a side's calls kept tensors or
 * variables, both sides' counts; then what the ledger had to free at the end.
 */
export function describeResources(c: CaseResult): string | undefined {
  const parts = c.resources
    .filter(
      (r) =>
        r.subclass.tensors !== 0 ||
        r.subclass.variables !== 0 ||
        r.functional.tensors !== 0 ||
        r.functional.variables !== 0,
    )
    .map(
      (r) =>
        `${r.checkpoint}: subclass ${r.subclass.tensors} tensors/${r.subclass.variables} variables, functional ${r.functional.tensors}/${r.functional.variables}`,
    );
  if (c.reclaimedTensors > 0) parts.push(`${c.reclaimedTensors} tensors still alive at the end, freed by the harness`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
