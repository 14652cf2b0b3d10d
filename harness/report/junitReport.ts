import type { RunResult } from '../engine/result';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * JUnit XML for CI dashboards: a divergence is a failure, a harness error
 * an error; parity and agreed errors pass (the latter with its reason).
 */
export function junitReport(r: RunResult): string {
  const s = r.summary;
  const cases = r.cases.map((c) => {
    const attrs = `classname="parity-check.${esc(c.source)}" name="${esc(c.name)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
    if (c.verdict === 'divergence') {
      const body = c.divergences.map((d) => `${d.kind} at ${d.checkpoint}: ${d.message}`).join('\n');
      return `    <testcase ${attrs}>\n      <failure message="${esc(`${c.divergences.length} divergences, first: ${c.divergences[0].kind} at ${c.divergences[0].checkpoint}`)}">${esc(body)}</failure>\n    </testcase>`;
    }
    if (c.verdict === 'harness-error') {
      return `    <testcase ${attrs}>\n      <error message="${esc(c.errors[0]?.message ?? 'harness error')}">${esc(c.errors.map((e) => `${e.side} at ${e.checkpoint}: ${e.message}`).join('\n'))}</error>\n    </testcase>`;
    }
    const out = c.verdict === 'agreed-error' ? `\n      <system-out>${esc(`both sides rejected: ${c.errors.map((e) => e.message).join('; ')}`)}</system-out>\n    ` : '';
    return `    <testcase ${attrs}>${out}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parity-check" tests="${s.cases}" failures="${s.divergence}" errors="${s.harnessError}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="parity-check (${esc(r.tfjs.backend)})" tests="${s.cases}" failures="${s.divergence}" errors="${s.harnessError}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
