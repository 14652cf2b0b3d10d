import type { Evolution } from '../../checkpoints/Evolution';
import { escapeHtml as esc } from './escapeHtml';
import { num, shortNum } from './numbers';
import { DIVERGENT, SIDE_COLOR } from './palette';

const W = 250;
const H = 120;
const M = { left: 46, right: 20, top: 18, bottom: 26 };

interface Series {
  name: string;
  colour: string;
  dash?: boolean;
  /** undefined: no value there (not compared). */
  values: (number | undefined)[];
}

/**
 * One small line plot. `log`: a difference scale — 0 has its own row at
 * the bottom (agreement is exact, not "small"), positive values a log
 * scale above it; otherwise a linear scale over the values.
 */
function panel(title: string, xs: string[], series: Series[], log: boolean, note = ''): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const x = (i: number) => M.left + (xs.length === 1 ? pw / 2 : (i * pw) / (xs.length - 1));
  let y: (v: number) => number;
  let ticks: [number, string][];
  if (log) {
    const pos = all.filter((v) => v > 0);
    const lo = pos.length ? Math.log10(Math.min(...pos)) : 0;
    const hi = pos.length ? Math.log10(Math.max(...pos)) : 0;
    const span = hi - lo || 1;
    // The zero row sits 14px under the lowest positive value.
    y = (v) =>
      v <= 0 ? M.top + ph : M.top + (ph - 14) * (1 - (Math.log10(v) - lo) / span) - (hi === lo ? (ph - 14) / 2 : 0);
    ticks = [[0, '0']];
    if (pos.length) ticks.push([Math.max(...pos), shortNum(Math.max(...pos))]);
    if (pos.length && hi !== lo) ticks.push([Math.min(...pos), shortNum(Math.min(...pos))]);
  } else {
    const lo = all.length ? Math.min(...all) : 0;
    const hi = all.length ? Math.max(...all) : 1;
    const span = hi - lo || Math.abs(hi) || 1;
    y = (v) => M.top + ph * (1 - (v - lo) / span) - (hi === lo ? ph / 2 : 0);
    ticks =
      all.length === 0
        ? []
        : hi === lo
          ? [[hi, shortNum(hi)]]
          : [
              [hi, shortNum(hi)],
              [lo, shortNum(lo)],
            ];
  }
  const grid = ticks
    .map(
      ([v, t]) =>
        `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${M.left - 4}" y="${(y(v) + 3).toFixed(1)}">${esc(t)}</text>`,
    )
    .join('');
  const every = Math.max(1, Math.ceil(xs.length / 6));
  const xlabels = xs
    .map((t, i) =>
      i % every === 0 || i === xs.length - 1
        ? `<text class="xl" x="${x(i).toFixed(1)}" y="${H - 10}">${esc(t)}</text>`
        : '',
    )
    .join('');
  const lines = series
    .map((s) => {
      const pts = s.values.map((v, i) =>
        v === undefined ? undefined : { x: x(i), y: Number.isFinite(v) ? y(v) : M.top + 8, v, i },
      );
      let d = '';
      let pen = false;
      for (const p of pts) {
        // A non-finite value has no place on the scale: the line breaks and the value is written there.
        if (!p || !Number.isFinite(p.v)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
        pen = true;
      }
      // One tooltip per plot lists every value (exact); a title per dot would weigh more than the plot.
      const dots = pts
        .map((p, i) =>
          !p
            ? `<text class="nc" x="${x(i).toFixed(1)}" y="${M.top + ph / 2}">n/c</text>`
            : Number.isFinite(p.v)
              ? `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="2.6" fill="${s.colour}"/>`
              : `<text class="nf" x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" fill="${s.colour}">${Number.isNaN(p.v) ? 'NaN' : p.v > 0 ? '+∞' : '−∞'}</text>`,
        )
        .join('');
      return `<path d="${d}" stroke="${s.colour}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>${dots}`;
    })
    .join('');
  const legend =
    series.length > 1
      ? series
          .map(
            (s, i) =>
              `<line x1="${M.left + 4 + i * 96}" x2="${M.left + 20 + i * 96}" y1="${M.top - 7}" y2="${M.top - 7}" stroke="${s.colour}"${s.dash ? ' stroke-dasharray="4 3"' : ''}/><text class="lg" x="${M.left + 24 + i * 96}" y="${M.top - 4}">${esc(s.name)}</text>`,
          )
          .join('')
      : '';
  const values = series
    .map(
      (s) =>
        `${s.name}: ${s.values.map((v, i) => `${xs[i]} ${v === undefined ? 'not compared (a side had no weights)' : String(v)}`).join(', ')}`,
    )
    .join('\n');
  return `<figure class="plot"><figcaption>${esc(title)}${note ? ` <small>${esc(note)}</small>` : ''}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><title>${esc(values)}</title>${grid}${xlabels}${legend}<g class="lines">${lines}</g></svg></figure>`;
}

/**
 * How the difference evolves over the case: the greatest absolute and ULP
 * difference over all weights at every checkpoint that compared them
 * (0 where the sides agree, "n/c" where a side had no weights), and both
 * sides' loss per custom-loop step and per `fit` epoch.
 */
export function evolutionPlots(e: Evolution | undefined): string {
  if (!e) return '';
  const out: string[] = [];
  const pts = e.weights;
  if (pts.length > 0) {
    const xs = pts.map((p) => p.checkpoint);
    const val = (k: 'maxAbs' | 'maxUlp') => pts.map((p) => (p.compared === 0 ? undefined : num(p[k])));
    const agree = pts.every((p) => p.compared === 0 || p.differing === 0);
    const at = (ps: typeof pts) => ps.map((p) => p.checkpoint).join(', ');
    if (agree) {
      // Flat zero lines say less than a sentence, and weigh a hundred times more in a 2,000-case report.
      const compared = pts.filter((p) => p.compared > 0);
      const not = pts.filter((p) => p.compared === 0);
      out.push(
        `<p class="note evo-same">Weights: ${compared.length > 0 ? `identical (max |Δ| 0, 0 ULP) at ${esc(at(compared))}` : ''}${compared.length > 0 && not.length > 0 ? '; ' : ''}${not.length > 0 ? `not compared at ${esc(at(not))} (a side had no weights)` : ''}.</p>`,
      );
    } else {
      const note = `${Math.max(...pts.map((p) => p.differing))} of ${Math.max(...pts.map((p) => p.compared))} weights differ at most`;
      out.push(
        panel('weights: max |Δ|', xs, [{ name: 'max |Δ|', colour: DIVERGENT, values: val('maxAbs') }], true, note),
      );
      out.push(panel('weights: max ULP', xs, [{ name: 'max ULP', colour: '#8250df', values: val('maxUlp') }], true));
    }
  }
  const same = (l: { subclass: number[]; functional: number[] }) =>
    l.subclass.length === l.functional.length && l.subclass.every((v, i) => Object.is(num(v), num(l.functional[i])));
  // Bit-identical losses are one line (both sides), not two drawn on top of each other.
  const sides = (l: { subclass: number[]; functional: number[] }): Series[] =>
    same(l)
      ? [{ name: 'both sides', colour: '#1f2328', values: l.subclass.map(num) }]
      : [
          { name: 'subclass', colour: SIDE_COLOR.subclass, values: l.subclass.map(num) },
          { name: 'functional', colour: SIDE_COLOR.functional, dash: true, values: l.functional.map(num) },
        ];
  const note = (l: { subclass: number[]; functional: number[] }) =>
    [
      same(l) ? 'both sides equal' : '',
      [...l.subclass, ...l.functional].some((v) => !Number.isFinite(num(v)))
        ? 'non-finite values written in place'
        : '',
    ]
      .filter(Boolean)
      .join('; ');
  if (e.loss.subclass.length > 0)
    out.push(
      panel(
        'loss per step (custom loop)',
        e.loss.subclass.map((_, i) => `step-${i + 1}`),
        sides(e.loss),
        false,
        note(e.loss),
      ),
    );
  if (e.fitLoss && e.fitLoss.subclass.length > 0)
    out.push(
      panel(
        'loss per fit epoch',
        e.fitLoss.subclass.map((_, i) => `${i + 1}`),
        sides(e.fitLoss),
        false,
        note(e.fitLoss),
      ),
    );
  return out.length ? `<div class="plots">${out.join('')}</div>` : '';
}
