import type { Tensor } from '@tensorflow/tfjs';
import type { makeOptimizer } from './makeOptimizer';
import { tf } from './tf';

type Optimizer = ReturnType<typeof makeOptimizer>;

/**
 * `optimizer.getWeights()`, or for optimizers where tfjs does not implement
 * it (Adamax in 4.22) the same information read from the optimizer's slot
 * lists (`{ originalName, variable }` entries) and its own scalar variables.
 * `iter` comes as a fresh tensor the caller must dispose; the rest are the
 * optimizer's own variables.
 */
export async function optimizerWeights(opt: Optimizer): Promise<{ name: string; tensor: Tensor }[]> {
  try {
    return await opt.getWeights();
  } catch (e) {
    if (!/getWeights\(\) is not implemented/.test(String(e))) throw e;
    const out: { name: string; tensor: Tensor }[] = [];
    for (const [prop, value] of Object.entries(opt)) {
      if (value instanceof tf.Variable) out.push({ name: prop, tensor: value });
      else if (Array.isArray(value))
        for (const v of value as ({ originalName?: unknown; variable?: unknown } | null)[])
          if (v && typeof v.originalName === 'string' && v.variable instanceof tf.Variable)
            out.push({ name: v.originalName, tensor: v.variable });
    }
    return out;
  }
}

/**
 * The names of the variables an optimizer holds: its slots and its own
 * scalars (Adam's accumulated betas, which `getWeights()` does not list).
 * What a training step leaves alive does not count these: creating slots
 * is the optimizer's job, not a leak of the model being trained.
 */
export function heldByOptimizer(opt: Optimizer): string[] {
  const held = new Set<string>();
  for (const value of Object.values(opt)) {
    if (value instanceof tf.Variable) held.add(value.name);
    else if (Array.isArray(value))
      for (const v of value as ({ variable?: unknown } | null)[])
        if (v?.variable instanceof tf.Variable && !v.variable.isDisposed) held.add(v.variable.name);
  }
  return [...held];
}
