import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseResult } from '../engine/CaseResult';
import type { CaseSource } from '../engine/CaseSource';
import type { RunOptions } from '../engine/runCase';
import { runWithFallback } from '../engine/runWithFallback';
import { checkAcrossBackends } from '../reference/backends/checkAcrossBackends';
import type { BackendName } from '../runtime/selectBackend';
import { diagnose } from '../triage/diagnoses/diagnose';
import { explainCase } from '../triage/explainCase';

/**
 * One case, run and judged: the engine's result with every divergence
 * the known causes prove on it marked (`cause`, `knownCause`) and its
 * signature, then every finding that matches a pair-catalogue entry's
 * pattern marked with its `diagnosis` (advice: the verdict stays as judged). Counterfactual proofs rerun this same case — source, config,
 * backend choice, and how far it runs — with one tfjs behaviour neutralised.
 */
export async function checkCase(
  source: CaseSource,
  config: CaseConfig,
  backend: BackendName,
  options: RunOptions = {},
): Promise<CaseResult> {
  const started = Date.now();
  // --backends: each side on every listed backend, compared across them (harness/reference/).
  if (config.backends) {
    const across = await checkAcrossBackends(source, config, options);
    return { ...across, ...allowance(across, config), durationMs: Date.now() - started };
  }
  const result = await runWithFallback(source, config, backend, undefined, options);
  const judged = diagnose(
    await explainCase(result, (hooks) => runWithFallback(source, config, backend, hooks, options)),
  );
  // The time a user waits for this verdict: the run and any proof's reruns.
  return { ...judged, ...allowance(judged, config), durationMs: Date.now() - started };
}

/** The kinds of a divergence the team allowed (`--allow`): every one of its divergences must be of them. */
function allowance(r: CaseResult, config: CaseConfig): Pick<CaseResult, 'allowed'> {
  if (r.verdict !== 'divergence' || config.allow.length === 0) return {};
  const kinds = [...new Set(r.divergences.map((d) => d.kind))];
  return kinds.every((k) => config.allow.includes(k)) ? { allowed: kinds } : {};
}
