import { describeBackends } from './describeBackends';
import { pc } from './colors';
import type { RunResult } from '../campaign/RunResult';
import type { Diagnosis } from '../compare/Divergence';
import type { CaseResult } from '../engine/CaseResult';
import type { Verdict } from '../engine/verdict';
import { describeDiagnosis } from './describeDiagnosis';
import { describeTensorflowRuntime } from '../runtime/tensorflowRuntime';
import { describeResources } from './describeResources';

const MARK: Record<Verdict, (s: string) => string> = {
  parity: (s) => pc.green(s),
  divergence: (s) => pc.red(s),
  'agreed-error': (s) => pc.yellow(s),
  'backend-limitation': (s) => pc.magenta(s),
  'harness-error': (s) => pc.magenta(s),
  timeout: (s) => pc.magenta(s),
  crashed: (s) => pc.magenta(s),
};

/** The learning rate a case ran with, as the config records it (absent: the optimizer's default). */
const learningRateOf = (c: CaseResult): string => {
  const lr = (c.config.optimizerOptions as Record<string, unknown>).learningRate;
  return typeof lr === 'number' ? String(lr) : 'default';
};

/** One case as console lines: verdict, name, then what it found and how it was judged. */
export function formatCase(c: CaseResult, verbose = false): string {
  const label =
    c.verdict === 'divergence' && c.knownCause
      ? 'known'
      : c.verdict === 'divergence' && c.allowed
        ? 'allowed'
        : c.verdict;
  const head = `${MARK[c.verdict](label.padEnd(13))} ${c.name}${c.file ? pc.dim(` (${c.file})`) : ''} ${pc.dim(`${c.durationMs} ms, ${c.backend}`)}`;
  const lines = [head];
  const limit = verbose ? Infinity : 3;
  if (c.knownCause)
    lines.push(pc.yellow(`    known tfjs behaviour, proven on this case: ${c.knownCauses!.join(', ')}`));
  else if (c.allowed)
    lines.push(
      pc.yellow(`    allowed: only ${c.allowed.join(', ')} divergences, which --allow lets pass (still findings)`),
    );
  if (c.signature)
    lines.push(
      pc.dim(
        `    signature ${c.signature}${c.knownCause ? '' : ' (new)'}${c.shrunk ? ` · shrunk in ${c.shrunk.steps} steps to ${c.shrunk.spec.layers.length} layers (from ${c.spec?.layers.length})` : ''}`,
      ),
    );
  const replay = c.shrunk?.replay ?? c.replay;
  if (replay && c.verdict !== 'parity')
    lines.push(pc.dim(`    replay${c.shrunk ? ' (minimal)' : ''}: npx parity-check --replay ${replay}`));
  if ((c.source === 'fuzz' || c.source === 'replay') && c.verdict !== 'parity')
    lines.push(
      pc.dim(
        `    config: ${c.config.optimizer} lr ${learningRateOf(c)} × ${c.config.steps} steps, batch ${c.config.batchSize}, ${c.config.loss}${c.config.fit ? '' : ', no fit'}${c.config.reload ? '' : ', no reload'}, tolerance ${c.config.tolerance}${c.config.backends ? `; ${describeBackends(c.config)}` : ''}`,
      ),
    );
  if (c.backendNote) lines.push(pc.dim(`    note: ${c.backendNote}`));
  if (c.limitation && c.verdict === 'backend-limitation')
    lines.push(
      pc.magenta(
        `    backend ${c.limitation.backend} has no kernel ${c.limitation.kernel} (needed at ${c.limitation.checkpoint}): not checked past it; --backend auto reruns such cases on cpu`,
      ),
    );
  if (c.twin) lines.push(pc.cyan(`    ${c.twin.scope}`));
  for (const n of c.notes ?? []) lines.push(pc.dim(`    note: ${n}`));
  if (c.uninformative) lines.push(pc.yellow(`    uninformative: ${c.uninformative}`));
  const res = describeResources(c);
  if (res) lines.push(pc.dim(`    resources: ${res}`));
  if (c.predictedRejection && c.verdict === 'agreed-error')
    lines.push(pc.dim(`    predicted: ${c.predictedRejection}`));
  // A diagnosis goes under its finding: the catalogue entry that explains the user's likely mistake,
  // with its fix the first time the case shows it, by its title after that.
  const told = new Set<string>();
  const diagnosis = (x: { diagnosis?: Diagnosis }) => {
    if (!x.diagnosis) return;
    const again = told.has(x.diagnosis.entry);
    told.add(x.diagnosis.entry);
    lines.push(
      pc.cyan(`      diagnosis: ${again ? `${x.diagnosis.title} (as above)` : describeDiagnosis(x.diagnosis)}`),
    );
  };
  c.divergences.slice(0, limit).forEach((d) => {
    lines.push(
      `    ${pc.red(d.kind)} at ${d.checkpoint}${d.backend ? ` (${d.backend} only)` : ''}: ${d.message}${d.cause ? pc.yellow(` [${d.cause}]`) : ''}`,
    );
    diagnosis(d);
  });
  if (c.divergences.length > limit)
    lines.push(pc.dim(`    … ${c.divergences.length - limit} more divergences (--verbose or --json for all)`));
  c.errors.slice(0, limit).forEach((e) => {
    lines.push(`    ${pc.yellow(`error (${e.side})`)} at ${e.checkpoint}: ${e.message}`);
    diagnosis(e);
  });
  if (verbose) c.errors.forEach((e) => e.stack && lines.push(pc.dim(e.stack.split('\n').slice(1, 6).join('\n'))));
  return lines.join('\n');
}

/** Findings and coverage of a fuzz campaign. */
function formatFuzz(r: RunResult, verbose: boolean): string[] {
  const f = r.fuzz;
  if (!f) return [];
  const lines = [
    `fuzz: ${f.runs} generated cases from seed ${f.seed}${f.mutant ? ` with mutant ${f.mutant}` : ''} — ${f.findings.length} distinct findings`,
  ];
  for (const x of f.findings) {
    const size =
      x.minimalLayers < x.originalLayers
        ? `minimal model ${x.minimalLayers} layers (from ${x.originalLayers}, ${x.shrinkSteps} shrink steps, ${x.shrinkCandidates} candidates run)`
        : `model of ${x.originalLayers} layers`;
    lines.push(
      `  ${x.knownCause ? pc.yellow('known') : pc.red('new  ')} ${x.signature} × ${x.count} · ${size}${x.known ? pc.dim(` · ${x.known}`) : ''}`,
    );
    lines.push(pc.dim(`        npx parity-check --replay ${x.replay}`));
  }
  const never = Object.entries(f.coverage)
    .filter(([, n]) => n === 0)
    .map(([k]) => k);
  const kinds = Object.keys(f.coverage).length;
  lines.push(
    `coverage: ${kinds - never.length} of ${kinds} layer kinds generated${never.length ? ` (never: ${never.join(', ')})` : ''}`,
  );
  if (verbose) lines.push(...Object.entries(f.coverage).map(([k, n]) => pc.dim(`  ${k.padEnd(24)} ${n}`)));
  if (f.features) {
    const reached = Object.entries(f.features).map(([k, n]) => `${k} ${n}`);
    const missed = Object.entries(f.features).filter(([, n]) => n === 0).length;
    lines.push(
      `features: ${reached.length - missed} of ${reached.length} reached (cases with each: ${reached.join(', ')})`,
    );
  }
  return lines;
}

/** The closing summary of a run. */
export function formatSummary(r: RunResult, verbose = false): string {
  const s = r.summary;
  const skipped = r.tfjs.skippedBackends.map((b) => `${b.backend}: ${b.reason}`).join('; ');
  const parts = [
    s.knownDivergence > 0 ? `${s.knownDivergence} known${r.config.strict ? ', failing under --strict' : ''}` : '',
    s.allowed > 0 ? `${s.allowed} allowed by --allow ${(r.config.allow ?? []).join(',')}` : '',
  ].filter(Boolean);
  const known = parts.length > 0 ? pc.yellow(` (${parts.join(', ')})`) : '';
  return [
    ...formatFuzz(r, verbose),
    ...(r.warnings ?? []).map((w) => pc.yellow(`warning: ${w}`)),
    ...(r.refused ?? []).map((x) => pc.red(`refused: ${x.message}`)),
    `${pc.bold('parity-check')}: ${s.cases} cases — ${pc.green(`${s.parity} parity`)}, ${pc.red(`${s.divergence} divergence`)}${known}, ${pc.yellow(`${s.agreedError} agreed-error`)}, ${pc.magenta(`${s.backendLimitation} backend-limitation`)}, ${pc.magenta(`${s.harnessError} harness-error`)}${s.timeout || s.crashed ? pc.magenta(`, ${s.timeout} timeout, ${s.crashed} crashed`) : ''}${s.uninformative ? pc.yellow(` · ${s.uninformative} uninformative`) : ''} · ${s.failures} failing`,
    `tfjs ${r.tfjs.version} on backend ${pc.bold(r.tfjs.backend)}${r.tfjs.tensorflow ? ` (${describeTensorflowRuntime(r.tfjs.tensorflow)})` : ''}${skipped ? pc.dim(` (skipped ${skipped})`) : ''} · seed ${r.config.seed} · ${r.config.optimizer} × ${r.config.steps} steps · tolerance ${r.config.tolerance}${r.config.backends ? ` · ${describeBackends(r.config)}` : ''} · ${r.durationMs} ms`,
  ].join('\n');
}
