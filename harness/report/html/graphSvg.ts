import type { DivergentMark, GraphNode, ModelGraph } from './caseGraph';
import { escapeHtml as esc } from './escapeHtml';
import { DIVERGENT, SHARED_FILLS, SHARED_STROKES } from './palette';

/** The part of dagre's graph API this file uses, typed here: dagre ships ESM-only types this CommonJS build cannot import. */
interface LayoutGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(label: () => Record<string, unknown>): void;
  setNode(name: string, label: Record<string, unknown>): void;
  setParent(child: string, parent: string): void;
  setEdge(from: string, to: string): void;
  graph(): { width?: number; height?: number };
  node(name: string): Placed;
  edges(): { v: string; w: string }[];
  edge(e: { v: string; w: string }): { points: { x: number; y: number }[] };
}

// Its CommonJS entry has the same API as the ESM one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as {
  graphlib: { Graph: new (options: { compound: boolean; multigraph: boolean }) => LayoutGraph };
  layout(g: LayoutGraph): void;
};

const CHAR = 6.6;
const NODE_H = 38;
const PAD = 8;

interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a node says: its id, then what it applies (`d ×2 · dense` for a layer applied twice). */
function labelOf(n: GraphNode, calls: Map<string, string[]>): [string, string] {
  if (n.kind === 'input') return [n.id, 'input'];
  const apps = calls.get(n.layer!) ?? [];
  const layer =
    apps.length > 1 ? `${n.layer} ×${apps.length}, call ${apps.indexOf(n.id) + 1}` : n.layer === n.id ? '' : n.layer!;
  return [n.id, layer ? `${layer} · ${n.kind}` : n.kind];
}

const clip = (s: string, max = 34) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The most layer applications a graph is drawn with. */
export const MAX_DRAWN_NODES = 500;

/** What replaces a graph that is not drawn: why, and the marked node as text. */
function tooLarge(mark: DivergentMark | undefined, why: string): string {
  const first = mark
    ? ` First divergent node: <code data-first-divergent="" data-node="${esc(mark.node)}">${esc(mark.node)}</code> (${esc(mark.reason)}).`
    : '';
  return `<p class="note">Graph not drawn: ${esc(why)}.${first}</p>`;
}

/**
 * The model's graph laid out by dagre and drawn as inline SVG: one box per
 * layer application (`data-node` = its id), inputs as pills, outputs with a
 * heavy border. Applications of one layer share a colour and sit in one
 * dashed box labelled with the layer, so a shared layer reads as one layer
 * called several times. The first divergent node is outlined in red and
 * carries `data-first-divergent` (its tooltip says why it is marked).
 */
export function graphSvg(g: ModelGraph, mark: DivergentMark | undefined, title: string): string {
  if (g.nodes.length === 0) return '';
  // dagre recurses along paths (a 2,000-layer chain overflows the stack) and a drawing that tall helps no one.
  if (g.nodes.length > MAX_DRAWN_NODES)
    return tooLarge(
      mark,
      `it has ${g.nodes.length} layer applications; graphs of at most ${MAX_DRAWN_NODES} are drawn`,
    );
  const calls = new Map<string, string[]>();
  for (const n of g.nodes) if (n.layer !== undefined) calls.set(n.layer, [...(calls.get(n.layer) ?? []), n.id]);
  const shared = [...calls].filter(([, ids]) => ids.length > 1).map(([layer]) => layer);
  const layout = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  layout.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 26, marginx: PAD, marginy: PAD });
  layout.setDefaultEdgeLabel(() => ({}));
  const labels = new Map(g.nodes.map((n) => [n.id, labelOf(n, calls)]));
  for (const n of g.nodes) {
    const [a, b] = labels.get(n.id)!;
    layout.setNode(`n:${n.id}`, {
      width: Math.max(56, Math.max(clip(a).length * 7.2, clip(b).length * CHAR) + 18),
      height: NODE_H,
    });
  }
  for (const layer of shared) {
    layout.setNode(`c:${layer}`, { label: layer, paddingTop: 18 });
    for (const id of calls.get(layer)!) layout.setParent(`n:${id}`, `c:${layer}`);
  }
  const known = new Set(g.nodes.map((n) => n.id));
  for (const e of g.edges) if (known.has(e.from) && known.has(e.to)) layout.setEdge(`n:${e.from}`, `n:${e.to}`);
  try {
    dagre.layout(layout);
  } catch (e) {
    // The report is written from results already computed: a layout failure must cost the picture, never the report.
    return tooLarge(mark, `the layout failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const info = layout.graph();
  const width = Math.ceil(info.width ?? 0);
  const height = Math.ceil(info.height ?? 0);
  const r = (x: number) => Math.round(x * 10) / 10;

  const clusters = shared.map((layer, i) => {
    const c = layout.node(`c:${layer}`);
    const stroke = SHARED_STROKES[i % SHARED_STROKES.length];
    return {
      box: `<rect x="${r(c.x - c.width / 2)}" y="${r(c.y - c.height / 2)}" width="${r(c.width)}" height="${r(c.height)}" rx="8" style="stroke:${stroke}"/>`,
      // Drawn over the edges, with a white halo, so an edge into the box never strikes the label through.
      label: `<text class="halo" x="${r(c.x - c.width / 2 + 6)}" y="${r(c.y - c.height / 2 + 11)}" style="fill:${stroke}">layer ${esc(clip(layer, 28))} · ${calls.get(layer)!.length} calls</text>`,
      layer,
    };
  });
  const edges = layout
    .edges()
    .map((e) => {
      const pts = layout.edge(e).points;
      const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join('');
      const [p, q] = [pts[pts.length - 2], pts[pts.length - 1]];
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      const [ux, uy] = [(q.x - p.x) / len, (q.y - p.y) / len];
      const head = `${r(q.x)},${r(q.y)} ${r(q.x - 7 * ux - 3.5 * uy)},${r(q.y - 7 * uy + 3.5 * ux)} ${r(q.x - 7 * ux + 3.5 * uy)},${r(q.y - 7 * uy - 3.5 * ux)}`;
      return `<path d="${d}"/><polygon points="${head}"/>`;
    })
    .join('');
  const nodes = g.nodes
    .map((n) => {
      const p = layout.node(`n:${n.id}`);
      const [a, b] = labels.get(n.id)!;
      const si = n.layer !== undefined ? shared.indexOf(n.layer) : -1;
      const first = mark?.node === n.id;
      const cls = ['node', n.kind === 'input' ? 'input' : '', n.outputs ? 'output' : '', first ? 'first' : '']
        .filter(Boolean)
        .join(' ');
      // Inline style, not attributes: the stylesheet's node colours would override presentation attributes.
      const colour =
        si >= 0 && !first
          ? ` style="fill:${SHARED_FILLS[si % SHARED_FILLS.length]};stroke:${SHARED_STROKES[si % SHARED_STROKES.length]}"`
          : '';
      const tip = [
        `${n.id}${n.layer !== undefined ? ` — layer ${n.layer} (${n.kind})` : ' — model input'}`,
        n.outputs ? `model output ${n.outputs.join(', ')}` : '',
        first ? mark.reason : '',
      ]
        .filter(Boolean)
        .join('\n');
      const [x0, y0] = [r(p.x - p.width / 2), r(p.y - p.height / 2)];
      const badge = first
        ? `<text class="badge" x="${r(p.x + p.width / 2 + 4)}" y="${r(p.y + 4)}" fill="${DIVERGENT}">◀ first divergence</text>`
        : '';
      const out = n.outputs
        ? `<text class="out halo" x="${r(p.x)}" y="${r(p.y + p.height / 2 + 11)}">output ${n.outputs.join(', ')}</text>`
        : '';
      return `<g class="${cls}" data-node="${esc(n.id)}"${first ? ' data-first-divergent=""' : ''}${n.layer !== undefined ? ` data-layer="${esc(n.layer)}"` : ''}><title>${esc(tip)}</title><rect x="${x0}" y="${y0}" width="${r(p.width)}" height="${r(p.height)}" rx="${n.kind === 'input' ? 19 : 5}"${colour}/><text class="id" x="${r(p.x)}" y="${r(p.y - 3)}">${esc(clip(a))}</text><text x="${r(p.x)}" y="${r(p.y + 12)}">${esc(clip(b))}</text>${badge}${out}</g>`;
    })
    .join('');
  // Room on the right for the "first divergence" badge, below for output labels.
  const w = width + (mark ? 110 : 0);
  return `<svg class="graph" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${height + 12}" width="${w}" height="${height + 12}" xmlns="http://www.w3.org/2000/svg">${clusters.map((c) => `<g class="cluster" data-layer="${esc(c.layer)}">${c.box}</g>`).join('')}<g class="edges">${edges}</g>${clusters.map((c) => c.label).join('')}${nodes}</svg>`;
}
