import { describeBackends } from '../describeBackends';
import type { RunResult } from '../../campaign/RunResult';
import type { CaseResult } from '../../engine/CaseResult';
import { shownVerdict } from './caseSection';
import { escapeHtml as esc } from './escapeHtml';
import { describeTensorflowRuntime } from '../../runtime/tensorflowRuntime';
import { VERDICT_COLOR } from './palette';

/** The run in two lines: counts by verdict and how it ran. */
export function runSummary(r: RunResult): string {
  const s = r.summary;
  return `<p class="counts"><b>${s.cases}</b> cases: <b style="color:${VERDICT_COLOR.parity}">${s.parity} parity</b>, <b style="color:${VERDICT_COLOR.divergence}">${s.divergence} divergence</b>${s.knownDivergence ? ` (${s.knownDivergence} known)` : ''}${s.allowed ? ` (${s.allowed} allowed by --allow ${esc((r.config.allow ?? []).join(','))})` : ''}, ${s.agreedError} agreed-error, ${s.backendLimitation} backend-limitation, ${s.harnessError} harness-error${s.timeout || s.crashed ? `, ${s.timeout} timeout, ${s.crashed} crashed` : ''}${s.uninformative ? `, ${s.uninformative} uninformative` : ''} — <b>${s.failures} failing</b>${r.config.strict ? ' (--strict: known findings fail too)' : ''}.</p>
<p class="note">tfjs ${esc(r.tfjs.version)} on backend <b>${esc(r.tfjs.backend)}</b>${r.tfjs.tensorflow ? ` (${esc(describeTensorflowRuntime(r.tfjs.tensorflow))})` : ''}${r.tfjs.skippedBackends.length ? ` (skipped ${r.tfjs.skippedBackends.map((b) => `${esc(b.backend)}: ${esc(b.reason)}`).join('; ')})` : ''} · seed ${r.config.seed} · ${esc(r.config.optimizer)} × ${r.config.steps} steps · tolerance ${esc(r.config.tolerance)}${r.config.backends ? ` · ${esc(describeBackends(r.config))}` : ''} · ${esc(r.startedAt)}${r.interrupted ? ` · <b>interrupted</b>: ${r.cases.length} of ${r.planned ?? '?'} cases` : ''}</p>`;
}

/** The inputs the run refused, first: their cases never ran. */
export function refusedSection(r: RunResult): string {
  const refused = r.refused ?? [];
  if (refused.length === 0) return '';
  return `<h2 style="color:${VERDICT_COLOR['harness-error']}">Refused inputs (${refused.length})</h2><p>These inputs could not be run; the run checked the rest (exit code 2).</p><ul>${refused.map((x) => `<li><code>${esc(x.message)}</code></li>`).join('')}</ul>\n`;
}

/** Fuzz findings (one row per signature) and layer coverage. */
export function findingsSection(r: RunResult): string {
  if (!r.fuzz) return '';
  const f = r.fuzz;
  return `<h2>Fuzz findings</h2><p>${f.runs} generated cases from seed ${f.seed}${f.mutant ? ` with mutant ${esc(f.mutant)}` : ''}.</p>
<table><thead><tr><th></th><th>signature</th><th>cases</th><th>minimal layers</th><th>cause</th></tr></thead><tbody>${f.findings
    .map(
      (x) =>
        `<tr><td>${x.knownCause ? 'known' : '<b>new</b>'}</td><td><code>${esc(x.signature)}</code></td><td>${x.count}</td><td>${x.minimalLayers} <small>(of ${x.originalLayers})</small></td><td>${esc(x.known ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>
<details><summary>Coverage</summary><p>${Object.entries(f.coverage)
    .map(([k, n]) => `<code>${esc(k)}</code> ${n}`)
    .join(' · ')}</p></details>`;
}

function group(name: string, label: string, values: [string, number][], show: (v: string) => string = esc): string {
  if (values.length === 0) return '';
  return `<div class="fgroup" role="group" aria-label="${esc(label)}"><span class="flabel">${esc(label)}</span>${values.map(([v, n]) => `<button type="button" class="f" data-group="${name}" data-value="${esc(v)}" aria-pressed="false">${show(v)} <span class="n">${n}</span></button>`).join('')}</div>`;
}

const tally = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())];

/**
 * The filter bar: buttons for each verdict, divergence kind, known/new
 * and source present in the run (with counts), and a search box over
 * names, files, signatures and keys. Within a group any pressed button
 * matches; groups combine; no button pressed in a group lets every case through.
 */
export function filterBar(cases: CaseResult[], strict: boolean): string {
  const verdicts = tally(cases.map((c) => shownVerdict(c, strict)));
  const kinds = tally(cases.flatMap((c) => [...new Set(c.divergences.map((d) => d.kind))])).sort((a, b) => b[1] - a[1]);
  const known = tally(
    cases.filter((c) => c.verdict === 'divergence').map((c) => (c.knownCause !== undefined ? 'known' : 'new')),
  );
  const sources = tally(cases.map((c) => c.source));
  const chip = (v: string) =>
    `<i class="dot" style="background:${VERDICT_COLOR[v as keyof typeof VERDICT_COLOR] ?? '#57606a'}"></i>${esc(v)}`;
  return `<div class="filters" id="filters">
${group('verdict', 'verdict', verdicts, chip)}${group('kinds', 'divergence kind', kinds)}${group('known', 'known / new', known)}${group('source', 'source', sources)}
<div class="fgroup"><input type="search" id="search" placeholder="search names, files, signatures, keys…" aria-label="search cases"> <span id="shown" aria-live="polite">${cases.length} of ${cases.length} cases shown</span> <button type="button" id="reset">clear filters</button></div>
</div>`;
}
