import seedrandom from 'seedrandom';

const original = Math.random;

/**
 * Replaces `Math.random` with a generator seeded from `seed`. tfjs draws
 * unseeded randomness (dropout masks, unseeded initializers) from
 * `Math.random`, so reseeding identically before each side's build and
 * each training call makes that randomness identical whenever both sides
 * consume it in the same order.
 */
export function seedGlobalRandom(seed: string | number): void {
  Math.random = seedrandom(String(seed));
}

/** Puts the original `Math.random` back. */
export function restoreGlobalRandom(): void {
  Math.random = original;
}
