import type { RunResult } from '../campaign/RunResult';
import type { CaseResult } from '../engine/CaseResult';
import type { Verdict } from '../engine/verdict';
import { outcomeOf } from '../triage/verdictPolicy';
import { describeResources } from './describeResources';

const esc = (s: unknown) => String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
const VERDICT_COLOR: Record<Verdict | 'known', string> = { parity: '#1a7f37', divergence: '#cf222e', known: '#9a6700', 'agreed-error': '#9a6700', 'backend-limitation': '#8250df', 'harness-error': '#8250df', timeout: '#8250df', crashed: '#8250df' };

function caseSection(c: CaseResult, i: number, strict: boolean): string {
  const rows = c.divergences
    .map((d) => {
      const s = d.stats;
      const first = s?.first ? `(${s.first.index.join(', ')}): ${s.first.subclass} vs ${s.first.functional}` : '';
      const cause = d.cause ? `<span class="cause" title="${esc(d.evidence ?? '')}">${esc(d.cause)}</span>` : '<b>new</b>';
      return `<tr><td>${esc(d.kind)}</td><td>${esc(d.checkpoint)}${d.backend ? ` <small>(${esc(d.backend)} only)</small>` : ''}</td><td><code>${esc(d.key)}</code></td><td>${s && !s.structural ? `${s.mismatched} / ${s.total}` : ''}</td><td>${s && !s.structural ? esc(s.maxAbs.toExponential(3)) : ''}</td><td>${s && !s.structural ? esc(s.maxUlp) : ''}</td><td>${esc(first || d.message)}</td><td>${cause}</td></tr>`;
    })
    .join('\n');
  const errors = c.errors.map((e) => `<li><b>${esc(e.side)}</b> at ${esc(e.checkpoint)}: ${esc(e.message)}</li>`).join('');
  const outcome = outcomeOf(c, strict);
  const shown: Verdict | 'known' = outcome === 'known' ? 'known' : c.verdict;
  const open = outcome === 'failure' || outcome === 'error' ? ' open' : '';
  const res = describeResources(c);
  const replay = c.shrunk?.replay ?? c.replay;
  return `<details id="case-${i}"${open}><summary><span class="verdict" style="background:${VERDICT_COLOR[shown]}">${esc(shown === 'known' ? 'known divergence' : shown)}</span> ${esc(c.name)} <small>${esc(c.file ?? c.source)} · ${c.durationMs} ms · ${esc(c.backend)}${c.signature ? ` · ${esc(c.signature)}` : ''}</small></summary>
<p>Checkpoints reached: ${c.checkpoints.map((k) => `<code>${esc(k)}</code>`).join(' → ') || 'none'}</p>
${c.knownCause ? `<p class="note">Known tfjs behaviour, proven on this case: ${c.knownCauses!.map((k) => `<b>${esc(k)}</b>`).join(', ')}</p>` : ''}
${c.backendNote ? `<p class="note">${esc(c.backendNote)}</p>` : ''}${(c.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('')}${c.predictedRejection ? `<p class="note">Predicted rejection: ${esc(c.predictedRejection)}</p>` : ''}
${c.uninformative ? `<p class="note"><b>Uninformative:</b> ${esc(c.uninformative)}</p>` : ''}${res ? `<p class="note">Resources: ${esc(res)}</p>` : ''}
<p class="note">Config: ${esc(c.config.optimizer)}${Object.keys(c.config.optimizerOptions).length > 0 ? ` ${esc(JSON.stringify(c.config.optimizerOptions))}` : ''} × ${c.config.steps} steps, batch ${c.config.batchSize}, ${esc(c.config.loss)}, tolerance ${esc(c.config.tolerance)}${c.config.fit ? '' : ', no fit'}${c.config.reload ? '' : ', no reload'}${c.config.mutant ? `, mutant ${esc(c.config.mutant)}` : ''}</p>
${rows ? `<table><thead><tr><th>kind</th><th>checkpoint</th><th>key</th><th>mismatched</th><th>max abs</th><th>max ULP</th><th>first mismatch (subclass vs functional)</th><th>cause</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${errors ? `<ul>${errors}</ul>` : ''}
${c.shrunk ? `<p>Shrunk in ${c.shrunk.steps} steps from ${c.spec?.layers.length} to ${c.shrunk.spec.layers.length} layers, keeping the signature and the explanation.</p>` : ''}
${replay ? `<p>Replay${c.shrunk ? ' (minimal case)' : ''}: <code class="token">npx parity-check --replay ${esc(replay)}</code></p>` : ''}
${c.spec ? `<details><summary>spec</summary><pre>${esc(JSON.stringify(c.spec, null, 2))}</pre></details>` : ''}
${c.shrunk ? `<details><summary>minimal spec</summary><pre>${esc(JSON.stringify(c.shrunk.spec, null, 2))}</pre></details>` : ''}
</details>`;
}

/**
 * A self-contained HTML divergence report (no scripts, no external assets):
 * the summary, fuzz findings and coverage, then one collapsible section per
 * case, failing ones open. A pure function of the run's result; it applies
 * the same verdict policy as the exit code and JUnit.
 */
export function htmlReport(r: RunResult): string {
  const s = r.summary;
  const findings = r.fuzz
    ? `<h2>Fuzz findings</h2><p>${r.fuzz.runs} generated cases from seed ${r.fuzz.seed}${r.fuzz.mutant ? ` with mutant ${esc(r.fuzz.mutant)}` : ''}.</p>
<table><thead><tr><th></th><th>signature</th><th>cases</th><th>minimal layers</th><th>cause</th></tr></thead><tbody>${r.fuzz.findings
        .map((f) => `<tr><td>${f.knownCause ? 'known' : '<b>new</b>'}</td><td><code>${esc(f.signature)}</code></td><td>${f.count}</td><td>${f.minimalLayers}</td><td>${esc(f.known ?? '')}</td></tr>`)
        .join('')}</tbody></table>
<h2>Coverage</h2><p>${Object.entries(r.fuzz.coverage).map(([k, n]) => `<code>${esc(k)}</code> ${n}`).join(' · ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>parity-check report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:80em;color:#1f2328}
code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:.8em;overflow:auto}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
.verdict{color:#fff;border-radius:1em;padding:0 .6em;font-size:12px}details{margin:.4em 0}summary{cursor:pointer}
.note{color:#57606a}.token{word-break:break-all}.cause{color:#9a6700}
</style></head><body>
<h1>parity-check</h1>
<p><b>${s.cases}</b> cases: <b style="color:${VERDICT_COLOR.parity}">${s.parity} parity</b>, <b style="color:${VERDICT_COLOR.divergence}">${s.divergence} divergence</b>${s.knownDivergence ? ` (${s.knownDivergence} known)` : ''}, ${s.agreedError} agreed-error, ${s.backendLimitation} backend-limitation, ${s.harnessError} harness-error${s.timeout || s.crashed ? `, ${s.timeout} timeout, ${s.crashed} crashed` : ''}${s.uninformative ? `, ${s.uninformative} uninformative` : ''} — <b>${s.failures} failing</b>${r.config.strict ? ' (--strict: known findings fail too)' : ''}.</p>
<p>tfjs ${esc(r.tfjs.version)} on backend <b>${esc(r.tfjs.backend)}</b>${r.tfjs.skippedBackends.length ? ` (skipped ${r.tfjs.skippedBackends.map((b) => `${esc(b.backend)}: ${esc(b.reason)}`).join('; ')})` : ''} · seed ${r.config.seed} · ${esc(r.config.optimizer)} × ${r.config.steps} steps · tolerance ${esc(r.config.tolerance)} · ${esc(r.startedAt)}</p>
${refusedSection(r)}${(r.warnings ?? []).map((w) => `<p class="cause">warning: ${esc(w)}</p>`).join('\n')}
${findings}
<h2>Cases</h2>
${r.cases.map((c, i) => caseSection(c, i, r.config.strict)).join('\n')}
</body></html>
`;
}

/** The inputs the run refused, first: their cases never ran. */
function refusedSection(r: RunResult): string {
  const refused = r.refused ?? [];
  if (refused.length === 0) return '';
  return `<h2 style="color:${VERDICT_COLOR['harness-error']}">Refused inputs (${refused.length})</h2><p>These inputs could not be run; the run checked the rest (exit code 2).</p><ul>${refused.map((x) => `<li><code>${esc(x.message)}</code></li>`).join('')}</ul>\n`;
}
