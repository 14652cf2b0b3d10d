import { htmlReport, jsonReport, type RunResult } from '../../../harness';
import { fixtureSpecs, runSpec, useCpu } from '../../helpers';
import { madeCase, runOf } from './runOf';

beforeAll(useCpu);

/** The page's script elements: exactly its own inline script, and the heatmaps' JSON (never executed). */
const scripts = (html: string) => html.match(/<script[^>]*>/g) ?? [];

describe('htmlReport', () => {
  it('renders a self-contained page with the summary, each case and its divergences, escaped', async () => {
    const spec = fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;
    const clean = await runSpec(spec, { fit: false });
    const diverged = await runSpec(spec, { mutant: 'concat-swap', fit: false });
    clean.name = '<script>alert(1)</script>';
    // The clean case comes first in the run: the failing one is still listed first.
    const html = htmlReport(runOf([clean, diverged]));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<b>2</b> cases');
    expect(html).toContain('1 divergence</b>');
    expect(html).toMatch(
      /<details class="case" id="case-1" open data-verdict="divergence"[^>]*><summary><span class="verdict"[^>]*>divergence<\/span> <span class="name">article-3-branches/,
    );
    expect(html.indexOf('id="case-1"')).toBeLessThan(html.indexOf('id="case-0"'));
    expect(html).toContain('<td>forward</td><td>forward</td><td><code>y</code></td>');
    expect(html).toContain('<b>1 failing</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    // Nothing loaded from outside; one script of its own.
    expect(html).not.toMatch(/<link|src=|href="http|url\(/);
    expect(scripts(html).filter((s) => s === '<script>')).toHaveLength(1);
    expect(
      scripts(html).every((s) => s === '<script>' || s === '<script type="application/json" class="hm-data">'),
    ).toBe(true);
  });

  it('draws the model, the evolution plots and the first mismatching tensor inside the case body template', async () => {
    const spec = fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;
    const html = htmlReport(runOf([await runSpec(spec, { mutant: 'concat-swap', fit: true })]));
    const body = html.slice(html.indexOf('<template>'), html.indexOf('</template>'));
    expect(body).toMatch(/<svg class="graph"/);
    for (const id of ['x', 't', 'l', 'r', 'c', 'y']) expect(body).toContain(`data-node="${id}"`);
    expect(body.match(/data-first-divergent/g)).toHaveLength(1);
    expect(body).toMatch(/<g class="node first" data-node="c" data-first-divergent=""/);
    expect(body).toContain('weights: max |Δ|');
    expect(body).toContain('loss per step (custom loop)');
    expect(body).toContain('loss per fit epoch');
    expect(body).toMatch(/First mismatching tensor: <code>y<\/code> forward at forward/);
    expect(body.match(/<svg class="hm-map"/g)).toHaveLength(3);
  });

  it('refuses what is not a run result, in one line', () => {
    expect(() => htmlReport({ cases: 3 } as unknown as RunResult)).toThrow(
      /^htmlReport: not a parity-check run result \(it needs cases, summary and config, as --json writes them\)$/,
    );
  });

  it('offers filters for what the run holds, with counts', async () => {
    const html = htmlReport(
      runOf([
        madeCase({ name: 'a' }),
        madeCase({ name: 'b', source: 'pair' }),
        madeCase({ name: 'c', verdict: 'harness-error' }),
      ]),
    );
    expect(html).toMatch(
      /data-group="verdict" data-value="parity" aria-pressed="false">.*parity <span class="n">2<\/span>/,
    );
    expect(html).toMatch(
      /data-group="verdict" data-value="harness-error"[^>]*>.*harness-error <span class="n">1<\/span>/,
    );
    expect(html).toMatch(/data-group="source" data-value="pair"[^>]*>pair <span class="n">1<\/span>/);
    expect(html).toContain('id="search"');
  });

  it('shows a diagnosis (title and fix) and the known cause with its evidence', () => {
    const diagnosis = {
      entry: '02-lazy-build-before-compile',
      title: 'Lazy <b>build</b> before compile',
      fix: 'create the sublayers in build()',
    };
    const c = madeCase({
      verdict: 'divergence',
      knownCause: 'shared-layer-dispose',
      knownCauses: ['shared-layer-dispose'],
      divergences: [
        {
          kind: 'resources',
          checkpoint: 'dispose',
          key: '',
          message: 'left',
          cause: 'shared-layer-dispose',
          evidence: 'the survivors are the shared weights',
          diagnosis,
        },
      ],
      errors: [{ side: 'subclass', checkpoint: 'fit', message: 'boom', diagnosis }],
    });
    const html = htmlReport(runOf([c]));
    expect(html).toContain(
      '<b>Likely mistake: Lazy &lt;b&gt;build&lt;/b&gt; before compile</b> <small>(02-lazy-build-before-compile)</small><p>Fix: create the sublayers in build()</p>',
    );
    expect(html.match(/Likely mistake/g)).toHaveLength(1);
    expect(html).toContain('Known tfjs behaviour, proven on this case: <b>shared-layer-dispose</b>');
    expect(html).toContain('title="the survivors are the shared weights"');
  });

  it('reads a result back from its JSON (non-finite numbers are strings there) and renders the same page', async () => {
    const spec = fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;
    const run = runOf([await runSpec(spec, { mutant: 'concat-swap', fit: false })]);
    run.cases[0].evolution!.weights[1].maxUlp = Infinity;
    const back = JSON.parse(jsonReport(run)) as RunResult;
    expect(back.cases[0].evolution!.weights[1].maxUlp).toBe('Infinity');
    expect(back.cases[0].firstMismatch).toEqual(run.cases[0].firstMismatch);
    expect(htmlReport(back)).toBe(htmlReport(run));
    expect(htmlReport(back)).toContain('max ULP: init 0, step-1 Infinity');
  });

  it('draws a shrunk case as its original and its minimal model, each with its own first divergent node', () => {
    const spec = fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;
    const minimal = {
      ...spec,
      layers: spec.layers.filter((l) => l.id !== 'head'),
      nodes: spec.nodes.filter((n) => n.id !== 'y'),
      outputs: ['c'],
    };
    const c = madeCase({
      source: 'fuzz',
      verdict: 'divergence',
      spec,
      divergences: [{ kind: 'activation', checkpoint: 'forward', key: 'l', message: 'm' }],
      replay: 'pc2.original',
      shrunk: {
        spec: minimal,
        replay: 'pc2.minimal',
        steps: 3,
        candidates: 9,
        candidatesToLayers: 4,
        verdict: 'divergence',
        divergences: [{ kind: 'forward', checkpoint: 'forward', key: 'c', message: 'm' }],
      },
    });
    const html = htmlReport(runOf([c]));
    expect(html).toContain('from 5 to 4 layers');
    expect(html).toMatch(
      /<figcaption>original<\/figcaption><svg[^]*data-node="l" data-first-divergent=""[^]*<figcaption>minimal<\/figcaption><svg[^]*data-node="c" data-first-divergent=""/,
    );
    expect(html).toContain(
      'npx parity-check --replay pc2.minimal</code> <button type="button" class="copy" data-for="replay-0">copy</button>',
    );
  });

  it('says weights agreed (0) where they were compared and "not compared" where a side had none', () => {
    const point = (checkpoint: string, compared: number) => ({
      checkpoint,
      compared,
      differing: 0,
      maxAbs: 0,
      maxUlp: 0,
    });
    const c = madeCase({
      evolution: { weights: [point('init', 0), point('step-1', 3)], loss: { subclass: [1], functional: [1] } },
    });
    const html = htmlReport(runOf([c]));
    expect(html).toContain(
      'Weights: identical (max |Δ| 0, 0 ULP) at step-1; not compared at init (a side had no weights).',
    );
    expect(html).toContain('loss per step (custom loop) <small>both sides equal</small>');
  });
});

describe('evolution plots', () => {
  it('write a non-finite loss in place instead of putting it on the scale', () => {
    const c = madeCase({
      evolution: {
        weights: [],
        loss: { subclass: [NaN, NaN], functional: [NaN, NaN] },
        fitLoss: { subclass: [1, Infinity], functional: [1, 2] },
      },
    });
    const html = htmlReport(runOf([c]));
    expect(html).toContain(
      'loss per step (custom loop) <small>both sides equal; non-finite values written in place</small>',
    );
    expect(html.match(/<text class="nf"[^>]*>NaN<\/text>/g)).toHaveLength(2);
    expect(html).toMatch(/<text class="nf"[^>]*>\+∞<\/text>/);
  });
});
