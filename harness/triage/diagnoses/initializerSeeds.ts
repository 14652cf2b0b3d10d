import type { LayerFact } from '../../checkpoints/CaseFacts';
import type { CaseResult } from '../../engine/CaseResult';

type Init = NonNullable<LayerFact['initializers']>[number];

/** Every random initializer either side's layers hold. */
function initializers(r: CaseResult): Init[] {
  return Object.values(r.facts?.layers ?? {}).flatMap((ls) => (ls ?? []).flatMap((l) => l.initializers ?? []));
}

/** Initializers that draw from a normal distribution (tfjs seeds them only with a truthy seed). */
function drawsNormal(i: Init): boolean {
  if (i.className === 'VarianceScaling') return i.distribution !== undefined && i.distribution !== 'uniform';
  return ['RandomNormal', 'TruncatedNormal', 'Orthogonal'].includes(i.className);
}

/**
 * How the case's random initializers are seeded: `unseeded` (some have
 * no seed at all), `seedZero` (some normal one has seed 0, which tfjs
 * reads as none), both, or neither.
 */
export function initializerSeeds(r: CaseResult): { unseeded: boolean; seedZero: boolean } {
  const all = initializers(r);
  return { unseeded: all.some((i) => i.seed === null), seedZero: all.some((i) => i.seed === 0 && drawsNormal(i)) };
}
