import type { Divergence } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';

/**
 * What a finding is "about": the kind, the layer type and the checkpoint
 * of the first divergence no known cause explains (`loss|dense|loss`) — or
 * of the first divergence, when every one is explained. A hundred cases
 * failing for one reason share a signature and read as one finding; a case
 * with an unexplained divergence behind a known one is grouped by what is new.
 */
export function signatureOf(r: CaseResult): string | undefined {
  const from = signatureDivergences(r);
  if (!from) return undefined;
  // A difference from a reference (tfjs vs Keras) is another finding than one between the two sides.
  const ref = from.first.reference ? `${from.first.reference}:` : '';
  return `${ref}${from.first.kind}|${from.layer ?? '-'}|${from.first.checkpoint}`;
}

/**
 * The divergences a case's signature is read from: the first (its kind and
 * checkpoint) and the one that names its layer, which may come from a later
 * checkpoint — so a run that stops early must run to both to read the same
 * signature.
 */
export function signatureDivergences(
  r: CaseResult,
): { first: Divergence; named?: Divergence; layer?: string } | undefined {
  if (r.verdict !== 'divergence' || r.divergences.length === 0) return undefined;
  const open = r.divergences.filter((d) => d.cause === undefined);
  const pool = open.length > 0 ? open : r.divergences;
  const first = pool[0];
  const spec = r.spec;
  const layerKind = (key: string): string | undefined => {
    if (!spec || key === '') return undefined;
    const id = key.replace(/^(subclass|functional):/, '').split(/[/#@]/)[0];
    const layer =
      spec.layers.find((l) => l.id === id) ??
      spec.layers.find((l) => l.id === spec.nodes.find((n) => n.id === id)?.layer);
    return layer?.kind;
  };
  // A loss or count has no layer of its own: name the layer of the first divergence that has one.
  const named =
    pool.find((d: Divergence) => d.kind === first.kind && layerKind(d.key) !== undefined) ??
    pool.find((d) => layerKind(d.key) !== undefined);
  return { first, named, layer: named && layerKind(named.key) };
}
