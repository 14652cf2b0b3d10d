import type { ModelSpec, NodeSpec } from './types';
import { nodeOf } from './valueRef';

/**
 * The order in which tfjs's functional executor runs a spec's nodes: a
 * depth-first post-order from each output in turn, pushing a node's inputs
 * on a stack (so its last input's branch runs first), merged without
 * repeats — as `getTopologicalSortAndRecipientCounts` in tfjs-layers'
 * executor does. The subclass side runs its nodes in this same order,
 * because the order of operations decides how gradients from several
 * consumers are summed (float addition is not associative) and in which
 * order unseeded randomness is drawn.
 */
export function executionOrder(spec: ModelSpec): NodeSpec[] {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  // The order is over nodes: a node's second output is the node itself.
  const inputs = (id: string) => (byId.get(id)?.inputs ?? []).map(nodeOf);
  const merged: string[] = [];
  const seen = new Set<string>();
  for (const fetch of spec.outputs.map(nodeOf)) {
    const visited = new Set<string>();
    const sorted: string[] = [];
    const stack = [fetch];
    const marks: number[] = [];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (visited.has(top)) {
        stack.pop();
        continue;
      }
      const marked = marks[marks.length - 1] === stack.length - 1;
      if (inputs(top).length === 0 || marked) {
        stack.pop();
        sorted.push(top);
        visited.add(top);
        if (marked) marks.pop();
      } else {
        marks.push(stack.length - 1);
        for (const i of inputs(top)) if (!visited.has(i)) stack.push(i);
      }
    }
    for (const id of sorted)
      if (!seen.has(id)) {
        seen.add(id);
        merged.push(id);
      }
  }
  return merged.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
}
