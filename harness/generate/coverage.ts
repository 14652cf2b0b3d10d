import { catalogue } from '../spec/catalogue';
import type { ModelSpec } from '../spec/types';

/** How often each catalogue kind appeared in generated specs (every kind listed, 0 if never). */
export function coverageOf(specs: ModelSpec[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries([...catalogue.keys()].sort().map((k) => [k, 0]));
  for (const s of specs) for (const l of s.layers) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
  return counts;
}
