import type { ModelGraph } from '../checkpoints/ModelGraph';
import { twinOf } from '../construct/twin/deriveTwin';
import type { TwinSummary } from './CaseResult';

/**
 * A layer module's case: what its derived twin holds, and its graph as the
 * report draws it — the functional model's graph, which is the traced one,
 * each op layer labelled with the kernel it replays (`MatMul`) and each
 * weight layer as `weight`, instead of their classes.
 */
export function twinSummary(
  model: unknown,
  scope: string,
  graph: ModelGraph | undefined,
): { twin: TwinSummary; graph: ModelGraph | undefined } {
  const twin = twinOf(model);
  const count = (kind: string) => twin?.steps.filter((s) => s.kind === kind).length ?? 0;
  const kinds = new Map<string, string>();
  for (const s of twin?.steps ?? [])
    if (s.kind !== 'node')
      kinds.set(s.layer.name, s.kind === 'op' ? s.label.replace(/^op \d+ \((.*)\)$/, '$1') : s.kind);
  return {
    twin: {
      derived: true,
      scope,
      nodes: count('node'),
      ops: count('op'),
      weights: count('weight'),
      constants: count('constant'),
    },
    graph: graph && {
      ...graph,
      nodes: graph.nodes.map((n) => {
        const kind = n.layer !== undefined ? kinds.get(n.layer) : undefined;
        return kind ? { ...n, kind } : n;
      }),
    },
  };
}
