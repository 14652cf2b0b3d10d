import type { RunResult } from '../campaign/RunResult';
import { UsageError } from '../errors';
import { outcomeOf } from '../triage/verdictPolicy';
import { caseSection, OUTCOME_ORDER } from './html/caseSection';
import { escapeHtml as esc } from './html/escapeHtml';
import { PAGE_SCRIPT } from './html/pageScript';
import { PAGE_STYLE } from './html/pageStyle';
import { filterBar, findingsSection, refusedSection, runSummary } from './html/summarySection';

/**
 * A self-contained HTML divergence report — no network, no external
 * assets, one inline script — and a pure function of the run's result,
 * applying the same verdict policy as the exit code and JUnit: the run's
 * summary, fuzz findings and coverage, a filter bar (verdict, divergence
 * kind, known/new, source, search), then one section per case, failing
 * ones first and open. A case's body — divergences, the model drawn as a
 * graph with its first divergent node marked, plots of how the difference
 * evolves, a heatmap of the first mismatching tensor, the shrunk model,
 * the replay command — is drawn when the report is written and shown when
 * the case is opened.
 */
export function htmlReport(r: RunResult): string {
  if (!r || !Array.isArray(r.cases) || !r.summary || !r.config)
    throw new UsageError(
      'htmlReport: not a parity-check run result (it needs cases, summary and config, as --json writes them)',
    );
  const strict = r.config.strict;
  const order = r.cases
    .map((c, i) => ({ c, i, rank: OUTCOME_ORDER[outcomeOf(c, strict)] }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>parity-check report</title>
<style>${PAGE_STYLE}</style></head><body>
<header><h1>parity-check</h1>
${runSummary(r)}
</header>
${filterBar(r.cases, strict)}
<main>
${refusedSection(r)}${(r.warnings ?? []).map((w) => `<p class="cause">warning: ${esc(w)}</p>`).join('\n')}
${findingsSection(r)}
<h2>Cases</h2>
<noscript><p class="note">Case details need JavaScript (they are drawn when a case is opened).</p></noscript>
${order.map(({ c, i }) => caseSection(c, i, strict)).join('\n')}
</main>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
