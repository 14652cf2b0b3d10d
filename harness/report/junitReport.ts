import { describeBackends, describeIsolation } from './describeBackends';
import type { RunResult } from '../campaign/RunResult';
import { outcomeOf } from '../triage/verdictPolicy';
import { describeDiagnosis } from './describeDiagnosis';
import { describeResources } from './describeResources';

const esc = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * JUnit XML for CI dashboards, by the one verdict policy: a divergence is a
 * failure unless every divergence is a proven known cause (then it passes,
 * saying so — and fails under `strict`); a harness error or a kernel the
 * backend lacks is an error; parity and agreed errors pass.
 */
export function junitReport(r: RunResult): string {
  const strict = r.config.strict;
  let failures = 0;
  let errors = 0;
  const cases = r.cases.map((c) => {
    const attrs = `classname="parity-check.${esc(c.source)}" name="${esc(c.name)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
    const outcome = outcomeOf(c, strict);
    const res = describeResources(c);
    const extra = [
      c.knownCause ? `known tfjs behaviour: ${c.knownCauses!.join(', ')}` : '',
      c.uninformative ? `uninformative: ${c.uninformative}` : '',
      res ? `resources: ${res}` : '',
      c.config.backends ? describeBackends(c.config) : '',
      describeIsolation(c) ?? '',
    ].filter(Boolean);
    const lines = (xs: string[]) => xs.join('\n');
    if (outcome === 'failure') {
      failures++;
      const body = c.divergences.flatMap((d) => [
        `${d.kind} at ${d.checkpoint}: ${d.message}${d.cause ? ` [${d.cause}]` : ''}`,
        ...(d.diagnosis ? [`  diagnosis: ${describeDiagnosis(d.diagnosis)}`] : []),
      ]);
      const first = c.divergences.find((d) => !d.cause) ?? c.divergences[0];
      return `    <testcase ${attrs}>\n      <failure message="${esc(`${c.divergences.length} divergences, first${c.knownCause ? '' : ' unexplained'}: ${first.kind} at ${first.checkpoint}`)}">${esc(lines([...extra, ...body]))}</failure>\n    </testcase>`;
    }
    if (outcome === 'error') {
      errors++;
      const why =
        c.verdict === 'backend-limitation' && c.limitation
          ? `backend ${c.limitation.backend} has no kernel ${c.limitation.kernel} (needed at ${c.limitation.checkpoint})`
          : (c.errors.find((e) => e.side === 'harness')?.message ?? c.verdict);
      return `    <testcase ${attrs}>\n      <error message="${esc(why)}">${esc(lines([...extra, ...c.errors.map((e) => `${e.side} at ${e.checkpoint}: ${e.message}`)]))}</error>\n    </testcase>`;
    }
    const out = [
      ...extra,
      ...(c.verdict === 'agreed-error' ? [`both sides rejected: ${c.errors.map((e) => e.message).join('; ')}`] : []),
      ...(outcome === 'known'
        ? c.divergences.map((d) => `${d.kind} at ${d.checkpoint}: ${d.message} [${d.cause}]`)
        : []),
      ...(outcome === 'allowed'
        ? [
            `allowed (--allow ${c.allowed!.join(',')}): ${c.divergences.map((d) => `${d.kind} at ${d.checkpoint}: ${d.message}`).join('; ')}`,
          ]
        : []),
    ];
    return `    <testcase ${attrs}>${out.length > 0 ? `\n      <system-out>${esc(lines(out))}</system-out>\n    ` : ''}</testcase>`;
  });
  // A refused input is an error of its own: what it would have checked was not.
  for (const x of r.refused ?? []) {
    errors++;
    cases.push(
      `    <testcase classname="parity-check.refused" name="${esc(x.input)}" time="0.000">\n      <error message="${esc(x.message)}">${esc(x.message)}</error>\n    </testcase>`,
    );
  }
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parity-check" tests="${tests}" failures="${failures}" errors="${errors}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="parity-check (${esc(r.tfjs.backend)})" tests="${tests}" failures="${failures}" errors="${errors}">`,
    // The tolerance every comparison used, stated where CI tools show suite properties.
    `    <properties><property name="tolerance" value="${esc(r.config.tolerance)}"/>${r.config.backends ? `<property name="backends" value="${esc(r.config.backends.join(','))}"/><property name="backendTolerance" value="${esc(r.config.backendTolerance ?? '')}"/>` : ''}</properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
