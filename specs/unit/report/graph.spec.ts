import type { Divergence } from '../../../harness';
import { firstDivergentNode, specGraph, type ModelGraph } from '../../../harness/report/html/caseGraph';
import { graphSvg, MAX_DRAWN_NODES } from '../../../harness/report/html/graphSvg';
import { validateSpec } from '../../../harness';

const shared = validateSpec({
  version: 1,
  name: 'shared-dense',
  inputs: [{ id: 'x', shape: [10] }],
  layers: [
    { id: 'd', kind: 'dense', config: { units: 10 } },
    { id: 'head', kind: 'dense', config: { units: 2 } },
  ],
  nodes: [
    { id: 'h1', layer: 'd', inputs: ['x'] },
    { id: 'h2', layer: 'd', inputs: ['h1'] },
    { id: 'y', layer: 'head', inputs: ['h2'] },
  ],
  outputs: ['y'],
});

const div = (kind: Divergence['kind'], checkpoint: string, key: string, cause?: string): Divergence => ({
  kind,
  checkpoint,
  key,
  message: 'm',
  ...(cause ? { cause } : {}),
});

describe('the case graph', () => {
  it('draws a shared layer as one layer with two calls: a node per application, one colour, one box labelled with the layer', () => {
    const svg = graphSvg(specGraph(shared), undefined, 'model');
    for (const id of ['x', 'h1', 'h2', 'y']) expect(svg.match(new RegExp(`data-node="${id}"`, 'g'))).toHaveLength(1);
    expect(svg.match(/data-layer="d"/g)).toHaveLength(3); // the box, and each call
    expect(svg).toMatch(/<g class="cluster" data-layer="d"><rect /);
    expect(svg).toContain('>layer d · 2 calls</text>');
    const fills = [...svg.matchAll(/data-node="h[12]"[^]*?<rect [^>]*style="fill:(#[0-9a-f]+)/g)].map((m) => m[1]);
    expect(fills).toHaveLength(2);
    expect(fills[0]).toBe(fills[1]);
    expect(svg).toContain('d ×2, call 1 · dense');
    expect(svg).toContain('d ×2, call 2 · dense');
    expect(svg).not.toContain('data-first-divergent');
  });

  it('marks a weight divergence at the first application of its layer, and says so', () => {
    const mark = firstDivergentNode([div('weights', 'step-1', 'd/kernel')], specGraph(shared), false)!;
    expect(mark.node).toBe('h1');
    expect(mark.reason).toMatch(/a weight of layer d: marked at its first application/);
    const svg = graphSvg(specGraph(shared), mark, 'model');
    expect(svg.match(/data-first-divergent/g)).toHaveLength(1);
    expect(svg).toMatch(/data-node="h1" data-first-divergent=""/);
  });

  it('prefers the first divergent node over the output where the difference shows', () => {
    const mark = firstDivergentNode(
      [div('forward', 'forward', 'y'), div('activation', 'forward', 'h2')],
      specGraph(shared),
      false,
    )!;
    expect(mark.node).toBe('h2');
  });

  it('skips divergences a known cause explains, as the signature does', () => {
    expect(
      firstDivergentNode(
        [div('weights', 'step-1', 'head/kernel', 'some-cause'), div('weights', 'step-1', 'd/bias')],
        specGraph(shared),
        false,
      )!.node,
    ).toBe('h1');
    // All explained: the first one.
    expect(
      firstDivergentNode(
        [div('weights', 'step-1', 'head/kernel', 'c'), div('weights', 'step-1', 'd/bias', 'c')],
        specGraph(shared),
        false,
      )!.node,
    ).toBe('y');
  });

  it('marks nothing when no divergence names a node', () => {
    expect(firstDivergentNode([div('resources', 'dispose', '')], specGraph(shared), false)).toBeUndefined();
    // A node id in a loss or count key is no node: 'loss' is not the node named loss.
    const g: ModelGraph = { nodes: [{ id: 'loss', layer: 'l', kind: 'dense', keys: ['l'] }], edges: [] };
    expect(
      firstDivergentNode([div('loss', 'loss', 'loss'), div('inventory', 'init', 'count:trainable')], g, false),
    ).toBeUndefined();
    expect(
      graphSvg(specGraph(shared), firstDivergentNode([div('resources', 'build', '')], specGraph(shared), false), 'm'),
    ).not.toContain('data-first-divergent');
  });

  it('maps pair keys by the layer prefix they carry, outputs by position, and never a subclass-only key', () => {
    const g: ModelGraph = {
      nodes: [
        { id: 'input[0]', kind: 'input' },
        { id: 'enc#1', layer: 'enc', kind: 'Dense', keys: ['0:enc'] },
        { id: 'enc#2', layer: 'enc', kind: 'Dense', keys: ['0:enc'] },
        { id: '1:Dense', layer: '1:Dense', kind: 'Dense', keys: ['1:Dense'], outputs: [0] },
      ],
      edges: [],
    };
    expect(firstDivergentNode([div('gradient', 'gradients', '0:enc/kernel')], g, true)!.node).toBe('enc#1');
    expect(firstDivergentNode([div('forward', 'forward', 'output[0]')], g, true)!.node).toBe('1:Dense');
    // Numbered by the subclass's own layers: it names nothing in the functional graph.
    expect(firstDivergentNode([div('inventory', 'init', 'subclass:1:Dense/kernel')], g, true)).toBeUndefined();
  });

  it('escapes layer and node ids in the SVG', () => {
    const g: ModelGraph = {
      nodes: [{ id: '<img src=x onerror="a()">', layer: '<script>x</script>', kind: 'Dense' }],
      edges: [],
    };
    const svg = graphSvg(g, { node: '<img src=x onerror="a()">', reason: '"><script>' }, 't');
    expect(svg).not.toMatch(/<img|<script/);
    expect(svg).toContain('data-node="&lt;img src=x onerror=&quot;a()&quot;&gt;"');
  });
});

describe('a graph too large to draw', () => {
  // dagre recurses along paths: a 2,000-layer chain overflowed the stack and, before each report was written on its own, cost the run its JSON too.
  const chain = (n: number): ModelGraph => ({
    nodes: [
      { id: 'x', kind: 'input' },
      ...Array.from({ length: n }, (_, i) => ({ id: `n${i}`, layer: `l${i}`, kind: 'dense' })),
    ],
    edges: Array.from({ length: n }, (_, i) => ({ from: i === 0 ? 'x' : `n${i - 1}`, to: `n${i}` })),
  });

  it('is replaced by a sentence saying why, keeping the marked node as text', () => {
    const html = graphSvg(chain(2000), { node: 'n7', reason: 'first divergence here' }, 'model');
    expect(html).not.toContain('<svg');
    expect(html).toContain(
      `Graph not drawn: it has 2001 layer applications; graphs of at most ${MAX_DRAWN_NODES} are drawn.`,
    );
    expect(html).toContain('data-first-divergent="" data-node="n7"');
  });

  it('is drawn up to the limit', () => {
    const svg = graphSvg(chain(MAX_DRAWN_NODES - 1), undefined, 'model');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/data-node="/g)).toHaveLength(MAX_DRAWN_NODES);
  });
});
