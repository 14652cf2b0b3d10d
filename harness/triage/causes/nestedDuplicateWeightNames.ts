import type { KnownCause, Proof } from '../KnownCause';

const MESSAGE = /^Duplicate weight name: (.+)$/;

/**
 * A `tf.model` used as a layer keeps its layers' weight names unscoped
 * (`d/kernel`), and `Container.loadWeights` refuses two weights of one name
 * (tfjs-layers engine/container.ts), so a functional model holding two
 * nested models with a layer named alike cannot be reloaded. Layer
 * subclasses are scoped by their parent and reload fine.
 *
 * Proof by exact message and objects: the functional side's reload fails
 * with `Duplicate weight name: X`, X is the first name two of the
 * model's weights share (read from the model), those weights belong to two
 * nested models, and the subclass side reloaded.
 */
export const nestedDuplicateWeightNames: KnownCause = {
  id: 'nested-duplicate-weight-names',
  fixture: 'fixtures/regressions/nested-duplicate-weight-names.json',
  summary:
    "a functional model with two nested tf.models whose layers share a name cannot be reloaded ('Duplicate weight name')",
  suspect: (r) => r.errors.some((e) => e.side === 'functional' && e.checkpoint === 'reload' && MESSAGE.test(e.message)),
  check(r): Proof[] {
    const error = r.errors.find((e) => e.side === 'functional' && e.checkpoint === 'reload');
    const name = error ? MESSAGE.exec(error.message)?.[1] : undefined;
    const dup = r.facts?.reload?.functional?.duplicates?.[0];
    if (!name || !dup || dup.name !== name || r.errors.some((e) => e.side === 'subclass' && e.checkpoint === 'reload'))
      return [];
    const containers = new Set((r.facts?.layers?.functional ?? []).filter((l) => l.container).map((l) => l.name));
    if (dup.owners.length < 2 || !dup.owners.every((o) => containers.has(o))) return [];
    return r.divergences
      .filter((d) => d.kind === 'error' && d.checkpoint === 'reload')
      .map((divergence) => ({
        divergence,
        evidence: `'${name}' is the first weight name the functional model's nested models ${dup.owners.map((o) => `'${o}'`).join(' and ')} share (read from the model), exactly the name loading refuses`,
      }));
  },
};
