import { htmlReport, summarize, type RunResult } from '../../../harness';
import { fixtureSpecs, runSpec, useCpu } from '../../helpers';

beforeAll(useCpu);

describe('htmlReport', () => {
  it('renders a self-contained page with the summary, each case and its divergences, escaped', async () => {
    const spec = fixtureSpecs().find((f) => f.file === 'article-3-branches.json')!.spec;
    const diverged = await runSpec(spec, { mutant: 'concat-swap', fit: false });
    const clean = await runSpec(spec, { fit: false });
    clean.name = '<script>alert(1)</script>';
    const cases = [diverged, clean];
    const run: RunResult = {
      tool: { name: 'parity-check', version: '0' },
      tfjs: { version: '4.22.0', backend: 'cpu', skippedBackends: [] },
      config: { seed: 42, optimizer: 'adam', optimizerOptions: {}, steps: 2, batchSize: 4, loss: 'meanSquaredError', tolerance: 'exact', fit: false, reload: true, backend: 'cpu', strict: false },
      summary: summarize(cases),
      cases,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
    };
    const html = htmlReport(run);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<b>2</b> cases');
    expect(html).toContain('1 divergence</b>');
    expect(html).toMatch(/<details id="case-0" open><summary><span class="verdict"[^>]*>divergence<\/span> article-3-branches/);
    expect(html).toContain('<td>forward</td><td>forward</td><td><code>y</code></td>');
    expect(html).toContain('<b>1 failing</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});
