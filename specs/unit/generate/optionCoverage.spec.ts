import fc from 'fast-check';
import { catalogue, NOT_VARIED, UNPROVEN_ONE_SIDED } from '../../../harness/architecture/catalogue';
import { recipeArbitrary } from '../../../harness/generate/caseArbitrary';
import { decodeRecipe } from '../../../harness/generate/decodeRecipe';
import { allLayers } from '../../../harness/architecture/nestedSpecs';

// 10,000 generated specs, every layer of them (inside blocks too).
const layers = fc
  .sample(recipeArbitrary(), { seed: 11, numRuns: 10_000 })
  .flatMap((r, i) => allLayers(decodeRecipe(r, `o${i}`)));
const generatedKinds = [...catalogue.keys()].filter((k) => !(k in UNPROVEN_ONE_SIDED));

/** The fields a kind's config schema declares (every catalogue schema is a zod object). */
function fieldsOf(kind: string): string[] {
  const shape = (catalogue.get(kind)!.config as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error(`${kind}: its config schema is not an object, so its fields cannot be listed`);
  return Object.keys(shape);
}

/** For each kind and field, the distinct values generated (an absent field counts as one value: tfjs's default). */
function valuesByField(): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const l of layers) {
    const byField = out.get(l.kind) ?? new Map<string, Set<string>>();
    out.set(l.kind, byField);
    for (const f of fieldsOf(l.kind)) {
      const seen = byField.get(f) ?? new Set<string>();
      byField.set(f, seen);
      seen.add(JSON.stringify((l.config as Record<string, unknown> | undefined)?.[f] ?? '<default>'));
    }
  }
  return out;
}

describe('what the generator draws, over 10,000 specs', () => {
  const values = valuesByField();

  it('produces every kind it can at least 200 times', () => {
    const counts = Object.fromEntries(generatedKinds.map((k) => [k, layers.filter((l) => l.kind === k).length]));
    expect(Object.entries(counts).filter(([, n]) => n < 200)).toEqual([]);
  });

  it('varies every config field of every kind, except the ones NOT_VARIED gives a reason for', () => {
    const flat = generatedKinds.flatMap((k) =>
      fieldsOf(k)
        .filter((f) => (values.get(k)?.get(f)?.size ?? 0) < 2 && NOT_VARIED[k]?.[f] === undefined)
        .map((f) => `${k}.${f}`),
    );
    expect(flat).toEqual([]);
  });

  it('lists in NOT_VARIED only real fields that indeed never vary', () => {
    const wrong = Object.entries(NOT_VARIED).flatMap(([k, fields]) =>
      Object.keys(fields)
        .filter((f) => !catalogue.has(k) || !fieldsOf(k).includes(f) || (values.get(k)?.get(f)?.size ?? 0) > 1)
        .map((f) => `${k}.${f}`),
    );
    expect(wrong).toEqual([]);
  });
});
