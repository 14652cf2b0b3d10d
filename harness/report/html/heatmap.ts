import type { FirstMismatch } from '../../checkpoints/FirstMismatch';
import { escapeHtml as esc, jsonForScript } from './escapeHtml';
import { f32Text, num, shortNum } from './numbers';
import { DIVERGING } from './palette';

const NAN = '#6e7781';
const INF = '#1f2328';

/** The colour step of a value on a symmetric scale [-m, m] (a non-finite value has its own colour). */
function step(v: number, m: number): string {
  if (Number.isNaN(v)) return NAN;
  if (!Number.isFinite(v)) return INF;
  if (m === 0 || v === 0) return DIVERGING[4];
  const k = Math.round((v / m) * 4);
  return DIVERGING[Math.max(0, Math.min(8, k + 4))];
}

/**
 * One map as SVG: cells of one colour merged into a single path, row runs
 * joined — a 32 × 32 map stays a few kilobytes.
 */
function map(
  values: number[],
  h: number,
  w: number,
  cell: number,
  m: number,
  at: [number, number],
  label: string,
): string {
  const runs = new Map<string, string>();
  for (let i = 0; i < h; i++) {
    let j = 0;
    while (j < w) {
      const c = step(values[i * w + j], m);
      let k = j + 1;
      while (k < w && step(values[i * w + k], m) === c) k++;
      runs.set(c, (runs.get(c) ?? '') + `M${j * cell} ${i * cell}h${(k - j) * cell}v${cell}h-${(k - j) * cell}z`);
      j = k;
    }
  }
  const paths = [...runs].map(([c, d]) => `<path fill="${c}" d="${d}"/>`).join('');
  const mark = `<rect class="at" x="${at[1] * cell + 0.5}" y="${at[0] * cell + 0.5}" width="${cell - 1}" height="${cell - 1}"/>`;
  return `<figure class="hm"><figcaption>${esc(label)}</figcaption><svg class="hm-map" viewBox="0 0 ${w * cell} ${h * cell}" width="${w * cell}" height="${h * cell}" data-cell="${cell}" data-w="${w}" xmlns="http://www.w3.org/2000/svg">${paths}${mark}</svg></figure>`;
}

/**
 * The first mismatching tensor as three heatmaps — subclass, functional,
 * and their difference — on symmetric colour scales (blue negative, red
 * positive; the two sides share one scale), with the first mismatch
 * outlined and a read-out of any cell under the pointer (exact float32
 * values). Says when the tensor was cut to the window kept.
 */
export function heatmap(fm: FirstMismatch | undefined): string {
  if (!fm || fm.height === 0 || fm.width === 0) return '';
  const sub = fm.subclass.map(num);
  const fun = fm.functional.map(num);
  const diff = sub.map((v, i) => v - fun[i]);
  const finiteMax = (xs: number[]) => Math.max(0, ...xs.filter(Number.isFinite).map(Math.abs));
  const m = Math.max(finiteMax(sub), finiteMax(fun));
  const md = finiteMax(diff);
  const cell = Math.max(4, Math.min(16, Math.floor(192 / Math.max(fm.height, fm.width))));
  const [r, c] = [fm.row0 + fm.at[0], fm.col0 + fm.at[1]];
  const shape = `[${fm.shape.join(', ')}]`;
  const window = fm.cut
    ? `rows ${fm.row0}–${fm.row0 + fm.height - 1} of ${fm.rows}, columns ${fm.col0}–${fm.col0 + fm.width - 1} of ${fm.cols} (cut to ${fm.height} × ${fm.width} around the first mismatch)`
    : `all ${fm.rows * fm.cols} elements`;
  const data = jsonForScript({ r0: fm.row0, c0: fm.col0, w: fm.width, s: sub.map(f32Text), f: fun.map(f32Text) });
  return `<section class="heat"><h4>First mismatching tensor: <code>${esc(fm.key || '(whole case)')}</code> ${esc(fm.kind)} at ${esc(fm.checkpoint)}${fm.backend ? ` (${esc(fm.backend)})` : ''}</h4>
<p class="note">shape ${esc(shape)} ${esc(fm.dtype)}, seen as ${fm.rows} × ${fm.cols} (last axis as columns); ${esc(window)}. First mismatch at row ${r}, column ${c}: subclass ${esc(f32Text(sub[fm.at[0] * fm.width + fm.at[1]]))}, functional ${esc(f32Text(fun[fm.at[0] * fm.width + fm.at[1]]))}.</p>
<div class="maps">${map(sub, fm.height, fm.width, cell, m, fm.at, `subclass (±${shortNum(m)})`)}${map(fun, fm.height, fm.width, cell, m, fm.at, `functional (±${shortNum(m)})`)}${map(diff, fm.height, fm.width, cell, md, fm.at, `subclass − functional (±${shortNum(md)})`)}</div>
<p class="hm-read note" aria-live="polite">Point at a cell to read both values.</p><script type="application/json" class="hm-data">${data}</script></section>`;
}
