import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { checkLayer, htmlReport, type CaseResult } from '../../harness';
import { runOf } from '../unit/report/runOf';
import { ROOT, useCpu } from '../helpers';

/**
 * The HTML report of layer modules (issue #19 §4) in real Chromium: the
 * graph drawn for a `--layer` case is the traced one — the layers `call()`
 * applied, each replayed op by its kernel, each owned weight — and the page
 * says what a derived twin checks. Screenshot: reports/html-report-twin.png.
 */
const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let file: string;
let cases: CaseResult[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)`);
  await useCpu();
  cases = [
    await checkLayer('fixtures/layers/public/attention.mjs', { backend: 'cpu' }),
    await checkLayer('fixtures/layers/03-training-not-forwarded.mjs', { backend: 'cpu' }),
  ];
  file = join(mkdtempSync(join(tmpdir(), 'parity-check-twin-html-')), 'report.html');
  writeFileSync(file, htmlReport(runOf(cases)));
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report of --layer cases in Chromium', () => {
  it('draws the traced graph: sublayers as their classes, ops by kernel, owned weights; and says it checks plumbing', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(`document.querySelectorAll('details.case').forEach((d) => { d.open = true; })`);
    await page.waitForFunction(`document.querySelectorAll('details.case > template').length === 0`);
    const attention = page.locator('details.case', { has: page.locator('.name', { hasText: 'public-attention' }) });
    await attention.locator('svg.graph').waitFor();
    const text = (await attention.locator('svg.graph').textContent()) ?? '';
    // q, k, v, o are Dense nodes; the scores are a BatchMatMul, a RealDiv by a constant, a Softmax.
    for (const kind of ['Dense', 'BatchMatMul', 'RealDiv', 'Softmax']) expect(text).toContain(kind);
    expect(await attention.locator('[data-node]').count()).toBe(cases[0].graph!.nodes.length);
    expect(await attention.locator('p.note.twin').textContent()).toMatch(/not its arithmetic/);
    expect(await attention.textContent()).toContain('derived twin (the traced call())');
    const bn = page.locator('details.case', { has: page.locator('.name', { hasText: 'layer-03' }) });
    // The input, then the four sublayers call() applied: no op of its own.
    expect(await bn.locator('[data-node]').count()).toBe(5);
    const drawn = (await bn.locator('svg.graph').textContent()) ?? '';
    for (const kind of ['Dense', 'BatchNormalization', 'Dropout']) expect(drawn).toContain(kind);
    await attention.screenshot({ path: join(ROOT, 'reports', 'html-report-twin.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
