import type { KnownCause, Proof } from '../KnownCause';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * tfjs 4.22: a layer's `_refCount` grows by one per symbolic application
 * and `LayersModel.dispose()` lowers it once (tfjs-layers engine/topology.ts
 * and container.ts), so the weights of a layer applied twice or more — or
 * of a model used as a layer twice — are never disposed.
 *
 * Proof by exact objects: the variables the functional model leaves after
 * `dispose()` are exactly the weights of its layers applied more than once
 * (read from the model before disposing), and the subclass leaves none.
 */
export const sharedLayerDispose: KnownCause = {
  id: 'shared-layer-dispose',
  fixture: 'fixtures/regressions/shared-layer-dispose.json',
  summary:
    "tfjs's LayersModel.dispose() leaves the weights of a layer applied more than once (its reference count grows per application, drops once)",
  suspect: (r) => r.divergences.some((d) => d.kind === 'resources' && d.checkpoint === 'dispose'),
  check(r): Proof[] {
    const f = r.facts?.dispose?.functional;
    const s = r.facts?.dispose?.subclass;
    if (!f || !s || s.survivors.length > 0 || f.survivors.length === 0 || !sameSet(f.survivors, f.multiplyApplied))
      return [];
    return r.divergences
      .filter((d) => d.kind === 'resources' && d.checkpoint === 'dispose')
      .map((divergence) => ({
        divergence,
        evidence: `the ${f.survivors.length} variables the functional model leaves are exactly the weights of its layers applied more than once; the subclass leaves none`,
      }));
  },
};
