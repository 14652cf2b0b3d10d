import { describeBackends } from '../describeBackends';
import type { Diagnosis, Divergence } from '../../compare/Divergence';
import type { CaseResult } from '../../engine/CaseResult';
import type { Verdict } from '../../engine/verdict';
import { outcomeOf, type Outcome } from '../../triage/verdictPolicy';
import { describeResources } from '../describeResources';
import { firstDivergentNode, specGraph, type ModelGraph } from './caseGraph';
import { escapeHtml as esc, escapeText } from './escapeHtml';
import { evolutionPlots } from './evolutionPlot';
import { graphSvg } from './graphSvg';
import { heatmap } from './heatmap';
import { f32Text, num } from './numbers';
import { VERDICT_COLOR } from './palette';

/** The verdict a case shows: a divergence every one of whose parts is explained reads as `known`. */
export function shownVerdict(c: CaseResult, strict: boolean): Verdict | 'known' {
  return outcomeOf(c, strict) === 'known' ? 'known' : c.verdict;
}

/** The chip a verdict is shown with. */
export function verdictChip(v: Verdict | 'known'): string {
  return `<span class="verdict" style="background:${VERDICT_COLOR[v]}">${esc(v === 'known' ? 'known divergence' : v)}</span>`;
}

const stat = (d: Divergence, f: (s: NonNullable<Divergence['stats']>) => string) =>
  d.stats && !d.stats.structural ? f(d.stats) : '';

/** Rows shown before the rest of a long divergence table is folded away. */
const TABLE_ROWS = 12;

function divergenceTable(ds: Divergence[]): string {
  if (ds.length === 0) return '';
  const row = (d: Divergence) => {
    const first = d.stats?.first
      ? `(${d.stats.first.index.join(', ')}): ${f32Text(d.stats.first.subclass)} vs ${f32Text(d.stats.first.functional)}`
      : '';
    const cause = d.cause
      ? `<span class="cause" title="${esc(d.evidence ?? '')}">${esc(d.cause)}</span>`
      : '<b>new</b>';
    return `<tr><td>${esc(d.kind)}</td><td>${esc(d.checkpoint)}${d.backend ? ` <small>(${esc(d.backend)} only)</small>` : ''}</td><td><code>${esc(d.key)}</code></td><td>${stat(d, (s) => `${s.mismatched} / ${s.total}`)}</td><td>${stat(d, (s) => esc(num(s.maxAbs).toExponential(3)))}</td><td>${stat(d, (s) => esc(s.maxUlp))}</td><td>${esc(first || d.message)}</td><td>${cause}</td></tr>`;
  };
  const head = `<thead><tr><th>kind</th><th>checkpoint</th><th>key</th><th>mismatched</th><th>max abs</th><th>max ULP</th><th>first mismatch (subclass vs functional)</th><th>cause</th></tr></thead>`;
  const table = (xs: Divergence[]) => `<table class="divs">${head}<tbody>${xs.map(row).join('\n')}</tbody></table>`;
  // Every divergence is listed; past the first few, behind one click (a wrong step shows in every later weight).
  return `<h4>Divergences (${ds.length})</h4>${table(ds.slice(0, TABLE_ROWS))}${ds.length > TABLE_ROWS ? `<details class="more"><summary>${ds.length - TABLE_ROWS} more divergences</summary>${table(ds.slice(TABLE_ROWS))}</details>` : ''}`;
}

/** Diagnoses (a likely user mistake and its fix), once per catalogue entry. */
function diagnoses(c: CaseResult): string {
  const seen = new Map<string, Diagnosis>();
  for (const x of [...c.divergences, ...c.errors])
    if (x.diagnosis && !seen.has(x.diagnosis.entry)) seen.set(x.diagnosis.entry, x.diagnosis);
  return [...seen.values()]
    .map(
      (d) =>
        `<div class="diagnosis"><b>Likely mistake: ${esc(d.title)}</b> <small>(${esc(d.entry)})</small><p>Fix: ${esc(d.fix)}</p></div>`,
    )
    .join('');
}

/** The case's graph (a pair's functional model, or its spec), with the first divergence marked. */
function graphFigure(g: ModelGraph | undefined, divergences: Divergence[], pair: boolean, title: string): string {
  if (!g) return '';
  const mark = firstDivergentNode(divergences, g, pair);
  return `<figure class="graph-fig"><figcaption>${esc(title)}${mark ? '' : divergences.length > 0 ? ' <small>(the first divergence names no node)</small>' : ''}</figcaption>${graphSvg(g, mark, title)}</figure>`;
}

const config = (c: CaseResult) =>
  `${esc(c.config.optimizer)}${Object.keys(c.config.optimizerOptions).length > 0 ? ` ${esc(JSON.stringify(c.config.optimizerOptions))}` : ''} × ${c.config.steps} steps, batch ${c.config.batchSize}, ${esc(c.config.loss)}, tolerance ${esc(c.config.tolerance)}${c.config.fit ? '' : ', no fit'}${c.config.reload ? '' : ', no reload'}${c.config.mutant ? `, mutant ${esc(c.config.mutant)}` : ''}${c.config.backends ? `; ${esc(describeBackends(c.config))}` : ''}`;

/** A spec as JSON a person reads: one input, layer or node per line (still valid JSON, to copy into a file). */
export function compactJson(value: object): string {
  const fields = Object.entries(value).map(([k, v]) =>
    Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)
      ? `  ${JSON.stringify(k)}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`
      : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
  );
  return `{\n${fields.join(',\n')}\n}`;
}

/** The heavy part of a case: drawn only when the case is opened (it sits in a `<template>`). */
function caseBody(c: CaseResult, i: number): string {
  const pair = c.source === 'pair';
  const graph = pair ? c.graph : c.spec ? specGraph(c.spec) : undefined;
  const errors = c.errors
    .map((e) => `<li><b>${esc(e.side)}</b> at ${esc(e.checkpoint)}: ${esc(e.message)}</li>`)
    .join('');
  const res = describeResources(c);
  const replay = c.shrunk?.replay ?? c.replay;
  const notes = [
    c.knownCause
      ? `<p class="note known">Known tfjs behaviour, proven on this case: ${(c.knownCauses ?? [c.knownCause]).map((k) => `<b>${esc(k)}</b>`).join(', ')}</p>`
      : '',
    c.backendNote ? `<p class="note">${esc(c.backendNote)}</p>` : '',
    // A layer module's case: its graph is the traced one, and what a derived twin can check is said where it is drawn.
    c.twin ? `<p class="note twin">${esc(c.twin.scope)}</p>` : '',
    ...(c.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`),
    c.predictedRejection ? `<p class="note">Predicted rejection: ${esc(c.predictedRejection)}</p>` : '',
    c.uninformative ? `<p class="note"><b>Uninformative:</b> ${esc(c.uninformative)}</p>` : '',
    res ? `<p class="note">Resources: ${esc(res)}</p>` : '',
  ].join('');
  const shrunk = c.shrunk
    ? `<h4>Original and minimal model</h4><p>Shrunk in ${c.shrunk.steps} steps (${c.shrunk.candidates} candidate runs) from ${c.spec?.layers.length ?? '?'} to ${c.shrunk.spec.layers.length} layers, keeping the signature and the explanation; the minimal case's verdict: ${esc(c.shrunk.verdict)}${c.shrunk.knownCause ? ` (${esc(c.shrunk.knownCause)})` : ''}.</p><div class="graphs">${graphFigure(graph, c.divergences, false, 'original')}${graphFigure(specGraph(c.shrunk.spec), c.shrunk.divergences, false, 'minimal')}</div>`
    : '';
  const visuals = [
    c.shrunk
      ? ''
      : graphFigure(
          graph,
          c.divergences,
          pair,
          c.twin ? 'derived twin (the traced call())' : pair ? 'functional model' : 'model',
        ),
    `<div class="evo">${evolutionPlots(c.evolution)}</div>`,
  ].join('');
  return `<p>Checkpoints reached: ${c.checkpoints.map((k) => `<code>${esc(k)}</code>`).join(' → ') || 'none'}</p>
${notes}<p class="note">Config: ${config(c)}</p>
${diagnoses(c)}
<div class="visuals">${visuals}</div>
${heatmap(c.firstMismatch)}${shrunk}
${divergenceTable(c.divergences)}${errors ? `<ul class="errors">${errors}</ul>` : ''}
${replay ? `<p class="replay">Replay${c.shrunk ? ' (minimal case)' : ''}: <code class="token" id="replay-${i}">npx parity-check --replay ${esc(replay)}</code> <button type="button" class="copy" data-for="replay-${i}">copy</button></p>` : ''}
${c.spec ? `<details><summary>spec</summary><pre>${escapeText(compactJson(c.spec))}</pre></details>` : ''}
${c.shrunk ? `<details><summary>minimal spec</summary><pre>${escapeText(compactJson(c.shrunk.spec))}</pre></details>` : ''}`;
}

/** What the filters and the search box read from a case. */
function filterAttributes(c: CaseResult, shown: Verdict | 'known'): string {
  const kinds = [...new Set(c.divergences.map((d) => d.kind))];
  const known = c.verdict === 'divergence' ? (c.knownCause !== undefined ? 'known' : 'new') : '';
  const words = [
    c.name,
    c.file ?? '',
    c.source,
    shown,
    c.signature ?? '',
    c.knownCause ?? '',
    ...c.divergences.flatMap((d) => [d.key, d.checkpoint, d.kind]),
  ];
  return ` data-verdict="${esc(shown)}" data-kinds="${esc(kinds.join(' '))}" data-known="${known}" data-source="${esc(c.source)}" data-q="${esc([...new Set(words)].join(' ').toLowerCase())}"`;
}

/** Failing cases first, then cases that could not be checked, known divergences, the rest; each group in run order. */
export const OUTCOME_ORDER: Record<Outcome, number> = { failure: 0, error: 1, known: 2, allowed: 2, pass: 3 };

/**
 * One case as a collapsible section: its summary line always, its body —
 * divergences, graph, plots, heatmap, shrunk model, replay, spec — in a
 * `<template>` the page clones in when the case is opened, so a report of
 * thousands of cases opens at once. Failing cases start open.
 */
export function caseSection(c: CaseResult, i: number, strict: boolean): string {
  const outcome = outcomeOf(c, strict);
  const shown = shownVerdict(c, strict);
  const open = outcome === 'failure' || outcome === 'error' ? ' open' : '';
  const first = c.divergences.find((d) => d.cause === undefined) ?? c.divergences[0];
  const brief = first
    ? `<span class="brief">${esc(first.kind)} at ${esc(first.checkpoint)}${first.key ? ` · <code>${esc(first.key)}</code>` : ''}${c.divergences.length > 1 ? ` · ${c.divergences.length} divergences` : ''}</span>`
    : '';
  return `<details class="case" id="case-${i}"${open}${filterAttributes(c, shown)}><summary>${verdictChip(shown)} <span class="name">${esc(c.name)}</span> <small>${esc(c.file ?? c.source)} · ${c.durationMs} ms · ${esc(c.backend)}${c.signature ? ` · ${esc(c.signature)}` : ''}</small> ${brief}</summary><div class="body"></div><template>${caseBody(c, i)}</template></details>`;
}
