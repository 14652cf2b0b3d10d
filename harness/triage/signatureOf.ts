import type { CaseResult } from '../engine/result';

/**
 * What a divergence is "about": its kind, the layer type it points at and
 * its checkpoint (`loss|dense|loss`). A hundred cases failing for one
 * cause share a signature and read as one finding. The layer type comes
 * from the first divergence whose key names a layer or node of the spec.
 */
export function signatureOf(r: CaseResult): string | undefined {
  if (r.verdict !== 'divergence') return undefined;
  const first = r.divergences[0];
  const spec = r.spec;
  const layerKind = (key: string): string | undefined => {
    if (!spec || key === '') return undefined;
    const id = key.split(/[/#@]/)[0];
    const layer = spec.layers.find((l) => l.id === id) ?? spec.layers.find((l) => l.id === spec.nodes.find((n) => n.id === id)?.layer);
    return layer?.kind;
  };
  // A loss or count has no layer of its own: name the layer of the first divergence that has one.
  const named = r.divergences.find((d) => d.kind === first.kind && layerKind(d.key) !== undefined) ?? r.divergences.find((d) => layerKind(d.key) !== undefined);
  return `${first.kind}|${(named && layerKind(named.key)) ?? '-'}|${first.checkpoint}`;
}
