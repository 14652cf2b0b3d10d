import type { ModelSpec } from '../../architecture/types';

/** Kinds that draw random values when called in training (their rate or stddev above 0). */
const NOISE: Record<string, string> = {
  dropout: 'rate',
  spatialDropout1d: 'rate',
  gaussianDropout: 'rate',
  alphaDropout: 'rate',
  gaussianNoise: 'stddev',
};

/**
 * The layers of a spec that draw random values in a training call: noise
 * layers, recurrent dropout, random preprocessing. tfjs and Keras draw from
 * their own generators, so no seed makes their masks agree; with any of
 * these, the reference compares inference only, and says so.
 */
export function randomInTraining(spec: ModelSpec): string[] {
  const out: string[] = [];
  for (const l of spec.layers) {
    const c = (l.config ?? {}) as Record<string, unknown>;
    const field = NOISE[l.kind];
    if (field && Number(c[field] ?? 0) > 0) out.push(`${l.id} (${l.kind})`);
    else if (Number(c.dropout ?? 0) > 0 || Number(c.recurrentDropout ?? 0) > 0) out.push(`${l.id} (${l.kind} dropout)`);
    else if (l.kind === 'randomWidth') out.push(`${l.id} (randomWidth)`);
    else if (l.kind === 'block' && randomInTraining((c as { spec: ModelSpec }).spec).length > 0)
      out.push(`${l.id} (block)`);
  }
  return out;
}
