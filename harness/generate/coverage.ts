import { catalogue, TFJS_ONE_SIDED } from '../architecture/catalogue';
import { allLayers } from '../architecture/nestedSpecs';
import type { ModelSpec } from '../architecture/types';

/**
 * How often each kind the generator can produce appeared in generated specs
 * (every such kind listed, 0 if never). Kinds it leaves out on purpose
 * (TFJS_ONE_SIDED) are not listed: a 0 there would be no gap in coverage.
 */
export function coverageOf(specs: ModelSpec[]): Record<string, number> {
  const generated = [...catalogue.keys()].filter((k) => !(k in TFJS_ONE_SIDED)).sort();
  const counts: Record<string, number> = Object.fromEntries(generated.map((k) => [k, 0]));
  // A kind drawn inside a nested block is generated too.
  for (const l of specs.flatMap(allLayers)) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
  return counts;
}
