import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { htmlReport, type CaseResult, type PairModule } from '../../harness';
import { f32Text } from '../../harness/report/html/numbers';
import { runOf } from '../unit/report/runOf';
import { fixtureSpecs, ROOT, runPair, runSpec, useCpu } from '../helpers';

/** Debian's chromium, never a downloaded browser. */
const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">`;

/** A pair whose name and layer names carry markup, and whose subclass leaves one layer's weights untracked (so messages name those layers). */
const hostilePair: PairModule = {
  name: `pair ${HOSTILE}`,
  inputs: [{ shape: [4] }],
  functional: ({ tf, init }) => {
    const x = tf.input({ shape: [4] });
    const shared = tf.layers.dense({ units: 4, name: `enc${HOSTILE}`, kernelInitializer: init('enc') });
    const head = tf.layers.dense({
      units: 2,
      name: `head"><img src=x onerror="window.__pwned=1">`,
      kernelInitializer: init('head'),
    });
    return tf.model({ inputs: x, outputs: head.apply(shared.apply(shared.apply(x))) as ReturnType<typeof tf.input> });
  },
  subclass: ({ tf, init }) => {
    class Hostile extends tf.layers.Layer {
      static className = 'BrowserSpecHostile';
      enc = tf.layers.dense({ units: 4, kernelInitializer: init('enc') });
      head = tf.layers.dense({ units: 2, kernelInitializer: init('head') });
      override computeOutputShape(s: any) {
        return [s[0], 2];
      }
      override call(x: any) {
        const v = Array.isArray(x) ? x[0] : x;
        return tf.tidy(() => this.head.apply(this.enc.apply(this.enc.apply(v))) as any);
      }
      override get trainableWeights() {
        return this.head.trainableWeights;
      }
    }
    return new Hostile({});
  },
};

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let dir: string;
let cases: CaseResult[];
let file: string;

/** A page on the report, failing on any console error, page error or request for anything but the report itself. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  const url = pathToFileURL(path).href;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Opens every case, so every lazily drawn body is in the page. */
async function openAll(page: Page): Promise<void> {
  await page.evaluate(`document.querySelectorAll('details.case').forEach((d) => { d.open = true; })`);
  await page.waitForFunction(`document.querySelectorAll('details.case > template').length === 0`);
}

// Written as page-side source: this suite is type-checked without the DOM library.
const visible = (page: Page) =>
  page.evaluate<number>(`[...document.querySelectorAll('details.case')].filter((d) => !d.hidden).length`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)`);
  await useCpu();
  const specs = fixtureSpecs();
  const spec = (f: string) => specs.find((s) => s.file === f)!.spec;
  const mutant = await runSpec(spec('article-3-branches.json'), { mutant: 'concat-swap', steps: 3 });
  const parity = await runSpec(spec('article-1-mlp.json'), { steps: 3 });
  const known = await runSpec(spec('article-2-shared-fixed.json'), { steps: 3 });
  const hostile = await runPair(hostilePair, { steps: 2 });
  // What a user's strings can reach besides names: messages and file paths.
  hostile.file = `pairs/${HOSTILE}.mjs`;
  hostile.divergences[0].message += ` ${HOSTILE}`;
  hostile.errors.push({ side: 'subclass', checkpoint: 'fit', message: HOSTILE });
  // tfjs refuses such layer names when it builds (its message, holding them, is in the result); the graph the
  // engine records for a pair (modelGraph) is given them by hand, as a result read from a file could hold them.
  hostile.graph = {
    nodes: [
      { id: 'input[0]', kind: 'input' },
      { id: `enc${HOSTILE}#1`, layer: `enc${HOSTILE}`, kind: 'Dense', keys: [`0:enc${HOSTILE}`] },
      { id: `enc${HOSTILE}#2`, layer: `enc${HOSTILE}`, kind: 'Dense', keys: [`0:enc${HOSTILE}`], outputs: [0] },
    ],
    edges: [
      { from: 'input[0]', to: `enc${HOSTILE}#1` },
      { from: `enc${HOSTILE}#1`, to: `enc${HOSTILE}#2` },
    ],
  };
  hostile.divergences.unshift({
    kind: 'weights',
    checkpoint: 'step-1',
    key: `0:enc${HOSTILE}/kernel`,
    message: `0:enc${HOSTILE}/kernel differs`,
  });
  // A spec case whose node id holds the markup (the concatenation node of the mutant case, renamed everywhere).
  const hostileSpec = JSON.parse(JSON.stringify(mutant).replaceAll('"c"', JSON.stringify(`c${HOSTILE}`))) as CaseResult;
  hostileSpec.name = `spec ${HOSTILE}`;
  hostileSpec.replay = `pc2.${HOSTILE}`;
  cases = [parity, known, mutant, hostile, hostileSpec];
  dir = mkdtempSync(join(tmpdir(), 'parity-check-html-'));
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  file = join(dir, 'report.html');
  writeFileSync(file, htmlReport(runOf(cases)));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('loads with no console errors and no requests but the file, every case body drawn', async () => {
    const { page, problems } = await open(file);
    await openAll(page);
    expect(await page.locator('details.case').count()).toBe(5);
    expect(await page.locator('svg.graph').count()).toBe(5);
    const known = page.locator('details.case', { has: page.locator('.name', { hasText: 'article-2-shared-fixed' }) });
    await known.scrollIntoViewIfNeeded();
    await known.screenshot({ path: join(ROOT, 'reports', 'html-report-known.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by verdict, by known/new and by search', async () => {
    const { page, problems } = await open(file);
    expect(await visible(page)).toBe(5);
    await page.click('button.f[data-group="verdict"][data-value="parity"]');
    expect(await visible(page)).toBe(1);
    await expect(page.locator('#shown').textContent()).resolves.toBe('1 of 5 cases shown');
    await page.click('button.f[data-group="verdict"][data-value="divergence"]');
    expect(await visible(page)).toBe(4);
    await page.click('button.f[data-group="kinds"][data-value="activation"]');
    expect(await visible(page)).toBe(2);
    await page.click('#reset');
    await page.click('button.f[data-group="known"][data-value="known"]');
    expect(await page.locator('details.case:not([hidden]) .name').allTextContents()).toEqual([
      'article-2-shared-fixed',
    ]);
    await page.click('#reset');
    await page.fill('#search', 'branches');
    await page.waitForFunction(`document.getElementById('shown').textContent === '1 of 5 cases shown'`);
    expect(await page.locator('details.case:not([hidden]) .name').textContent()).toBe('article-3-branches');
    expect(problems).toEqual([]);
    await page.close();
  });

  it("marks the concat-swap mutant's concatenation as the first divergent node", async () => {
    const { page, problems } = await open(file);
    const c = page.locator('details.case', { has: page.locator('.name', { hasText: 'article-3-branches' }) });
    await c.scrollIntoViewIfNeeded();
    await c.locator('svg.graph').waitFor();
    const marked = c.locator('[data-first-divergent]');
    expect(await marked.count()).toBe(1);
    expect(await marked.getAttribute('data-node')).toBe('c');
    expect(await c.locator('[data-node]').count()).toBe(6);
    // The heatmap reads out both exact values of the cell under the pointer.
    const fm = cases[2].firstMismatch!;
    await c
      .locator('svg.hm-map')
      .first()
      .hover({ position: { x: fm.at[1] * 16 + 8, y: fm.at[0] * 16 + 8 } });
    const k = fm.at[0] * fm.width + fm.at[1];
    await expect(c.locator('.hm-read').textContent()).resolves.toBe(
      `row ${fm.row0 + fm.at[0]}, column ${fm.col0 + fm.at[1]}: subclass ${f32Text(fm.subclass[k])}, functional ${f32Text(fm.functional[k])}`,
    );
    await c.screenshot({ path: join(ROOT, 'reports', 'html-report-case.png') });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(ROOT, 'reports', 'html-report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('never runs markup from names, layer ids, messages or paths, and shows it as text', async () => {
    const { page, problems } = await open(file);
    await openAll(page);
    await page.locator('section.heat').first().hover();
    expect(await page.evaluate(`typeof window.__pwned`)).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1 + (await page.locator('script.hm-data').count()));
    const hostile = page.locator('details.case', { has: page.locator('.name', { hasText: 'pair <script>' }) });
    expect(await hostile.locator('.name').textContent()).toBe(`pair ${HOSTILE}`);
    expect(await hostile.textContent()).toContain(`enc${HOSTILE}`);
    const ids = await hostile.locator('[data-node]').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-node')));
    expect(ids).toContain(`enc${HOSTILE}#1`);
    expect(await hostile.locator('[data-first-divergent]').getAttribute('data-node')).toBe(`enc${HOSTILE}#1`);
    expect(await hostile.locator('svg.graph text', { hasText: '<script>' }).count()).toBeGreaterThan(0);
    const spec = page.locator('details.case', { has: page.locator('.name', { hasText: 'spec <script>' }) });
    expect(await spec.locator('[data-first-divergent]').getAttribute('data-node')).toBe(`c${HOSTILE}`);
    await hostile.screenshot({ path: join(ROOT, 'reports', 'html-report-hostile.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('copies the replay command', async () => {
    const { page, problems } = await open(file);
    const c = page.locator('details.case', { has: page.locator('.name', { hasText: 'spec <script>' }) });
    await c.scrollIntoViewIfNeeded();
    expect(await c.locator('code.token').textContent()).toBe(`npx parity-check --replay pc2.${HOSTILE}`);
    await c.locator('button.copy').click();
    // Headless Chromium may refuse the clipboard on file://: then the button says to select and copy.
    await page.waitForFunction(
      `[...document.querySelectorAll('button.copy')].some((b) => b.textContent === 'copied' || b.textContent === 'select and copy')`,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays usable at 2,000 cases: opens with only the cases in view drawn, and states its size', async () => {
    const many: CaseResult[] = Array.from({ length: 2000 }, (_, i) => {
      // A campaign's mix: mostly parity, some known and new divergences, and pairs.
      const base = cases[i % 20 < 14 ? 0 : i % 20 < 17 ? 1 : i % 20 < 19 ? 2 : 3 + (Math.floor(i / 20) % 2)];
      return { ...base, index: i, name: `${base.name} #${i}` };
    });
    const big = join(ROOT, 'reports', 'html-report-2000.html');
    writeFileSync(big, htmlReport(runOf(many)));
    const bytes = statSync(big).size;
    writeFileSync(
      join(ROOT, 'reports', 'html-report-2000.txt'),
      `2,000-case HTML report: ${bytes} bytes (${(bytes / 2 ** 20).toFixed(1)} MiB)\n`,
    );
    console.log(`2,000-case HTML report: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    const { page, problems } = await open(big);
    expect(await page.locator('details.case').count()).toBe(2000);
    // Failing cases are open, but only those near the screen have their bodies drawn.
    const waiting = await page.locator('details.case > template').count();
    expect(await page.locator('details.case[open] svg.graph').count()).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(1900);
    await page.click('button.f[data-group="verdict"][data-value="divergence"]');
    expect(await visible(page)).toBe(
      many.filter((c) => c.verdict === 'divergence' && c.knownCause === undefined).length,
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
