import fc from 'fast-check';
import { hashText } from '../runtime/hashText';
import { caseArbitrary, decodeConfig } from './caseArbitrary';
import { decodeRecipe } from './decodeRecipe';

let cached: string | undefined;

/**
 * A fingerprint of what the decoder makes of recipes: the hash of the specs
 * and configs it decodes from a fixed sample of 64 generated cases. Any
 * change to the decoder, the catalogue's samplers or the config decoding
 * that alters what a recipe means changes it, with no version number for
 * anyone to forget to bump. A replay token records it.
 */
export function decoderVersion(): string {
  if (cached) return cached;
  const raws = fc.sample(caseArbitrary(), { seed: 20261201, numRuns: 64 });
  cached = hashText(JSON.stringify(raws.map((r, i) => [decodeRecipe(r.recipe, `v${i}`), decodeConfig(r.config)])));
  return cached;
}
