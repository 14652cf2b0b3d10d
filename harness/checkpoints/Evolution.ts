import type { Divergence } from '../compare/Divergence';
import type { KeyedWeights } from './inventoryOf';

/**
 * Every weight compared at one checkpoint (`init`, `step-k`, `fit`), in
 * one point: a point exists for every checkpoint that compared weights,
 * agreeing or not, so a plot shows where the sides still agreed.
 */
export interface WeightsPoint {
  checkpoint: string;
  /** Variables compared by value there (present on both sides with one shape and dtype); 0: not compared (a side had none). */
  compared: number;
  /** Of those, how many differ (a shape mismatch counts, without element statistics). */
  differing: number;
  /** Greatest absolute difference over every compared element: 0 when all agree. Written as a string in JSON when not finite. */
  maxAbs: number;
  /** Greatest ULP distance likewise (Infinity for a NaN against a number). */
  maxUlp: number;
}

/** Both sides' losses over a training path, one entry per step or epoch. */
export interface LossSeries {
  subclass: number[];
  functional: number[];
}

/**
 * How the difference between the sides evolves over a case: numbers only,
 * for the report's plots. Nothing here feeds a verdict.
 */
export interface Evolution {
  /** One point per checkpoint that compared weights, in order. */
  weights: WeightsPoint[];
  /** The custom loop's loss at step 1 … k (index k-1), as each side computed it. */
  loss: LossSeries;
  /** `fit`'s loss history, one entry per epoch. */
  fitLoss?: LossSeries;
}

const VALUE_KINDS = new Set(['init', 'weights', 'state']);

/**
 * The point for a weight comparison at `checkpoint`: how many variables
 * both sides hold alike (the keys compared by value), and the greatest
 * differences over the divergences that comparison found — so agreement is
 * exactly 0, and a side with no weights is "not compared", never 0.
 */
export function weightsPoint(checkpoint: string, a: KeyedWeights, b: KeyedWeights, found: Divergence[]): WeightsPoint {
  const theirs = new Map(b.entries.map((e) => [e.key, e]));
  const compared = a.entries.filter((e) => theirs.has(e.key)).length;
  const point: WeightsPoint = { checkpoint, compared, differing: 0, maxAbs: 0, maxUlp: 0 };
  for (const d of found) {
    if (d.checkpoint !== checkpoint || !VALUE_KINDS.has(d.kind) || !d.stats || !theirs.has(d.key)) continue;
    point.differing++;
    if (d.stats.structural) continue;
    point.maxAbs = Math.max(point.maxAbs, d.stats.maxAbs);
    point.maxUlp = Math.max(point.maxUlp, d.stats.maxUlp);
  }
  return point;
}
