import type { CaseConfig } from '../../checkpoints/CaseConfig';
import { checkpointRank } from '../../checkpoints/checkpointOrder';
import { captureCompared, type CapturedValues } from '../../compare/capturedSets';
import type { Divergence, DivergenceKind } from '../../compare/Divergence';
import type { CaseResult } from '../../engine/CaseResult';
import type { CaseSource } from '../../engine/CaseSource';
import type { RunOptions } from '../../engine/runCase';
import { ranConfig } from '../../engine/resolveConfig';
import { runWithFallback } from '../../engine/runWithFallback';
import { verdictOf } from '../../engine/verdict';
import { activity } from '../../runtime/activity';
import { selectBackend } from '../../runtime/selectBackend';
import { describeTensorflowRuntime } from '../../runtime/tensorflowRuntime';
import { tf } from '../../runtime/tf';
import { recordKernelsAsync } from '../../trace/recordKernels';
import type { BackendPairRecord, CrossBackendRecord, KernelFinding } from '../../trace/KernelFinding';
import { KERNEL_CAUSES } from '../../triage/causes';
import { diagnose } from '../../triage/diagnoses/diagnose';
import { explainCase } from '../../triage/explainCase';
import { signatureOf } from '../../triage/signatureOf';
import { formatTolerance, type Tolerance } from '../../compare/Tolerance';
import { backendDifference, describeBackendDifference, greatestDifference } from './backendDifference';
import { isolateKernel } from './isolateKernel';
import { withReferenceKernel } from './withReferenceKernel';

/** Cross-backend divergences kept per backend and side (the rest are counted in `crossBackend.pairs`). */
const MAX_PER_SIDE = 20;
const SIDES = ['subclass', 'functional'] as const;

/** One backend's run: the judged result (as on one backend) and every value it compared. */
interface BackendOutcome {
  backend: string;
  result: CaseResult;
  values: CapturedValues;
}

/** Runs `run` on `backend`, then sets back the backend that was in use. */
async function onBackend<T>(backend: string, run: () => Promise<T>): Promise<T> {
  const before = tf.getBackend();
  await selectBackend(backend as 'cpu');
  try {
    return await run();
  } finally {
    if (tf.getBackend() !== before) await tf.setBackend(before);
  }
}

/** The case on one backend, judged as on one backend (known causes, diagnoses), with its compared values. */
async function runOn(
  backend: string,
  source: CaseSource,
  config: CaseConfig,
  options: RunOptions,
): Promise<BackendOutcome> {
  return onBackend(backend, async () => {
    activity(`on ${backend}`);
    const { result, values } = await captureCompared(() =>
      runWithFallback(source, config, backend as 'cpu', undefined, options),
    );
    const judged = diagnose(
      await explainCase(result, (hooks) => runWithFallback(source, config, backend as 'cpu', hooks, options)),
    );
    return { backend, result: judged, values };
  });
}

/** `kind|checkpoint|key` → its parts. */
function parseKey(k: string): { kind: DivergenceKind; checkpoint: string; key: string } {
  const [kind, checkpoint, ...rest] = k.split('|');
  return { kind: kind as DivergenceKind, checkpoint, key: rest.join('|') };
}

/**
 * Each side on `other` against the same side on the reference backend,
 * value by value over everything both runs compared: divergences beyond
 * the tolerance (at most {@link MAX_PER_SIDE} per side, in checkpoint
 * order) and, per side, how many values were compared and the greatest
 * difference seen.
 */
function compareBackends(
  ref: BackendOutcome,
  other: BackendOutcome,
  tol: Tolerance,
): { divergences: Divergence[]; pairs: BackendPairRecord[] } {
  const pair: [string, string] = [ref.backend, other.backend];
  const divergences: Divergence[] = [];
  const pairs: BackendPairRecord[] = [];
  const keys = [...ref.values.keys()]
    .filter((k) => other.values.has(k))
    .sort((a, b) => checkpointRank(parseKey(a).checkpoint) - checkpointRank(parseKey(b).checkpoint));
  for (const side of SIDES) {
    const rec: BackendPairRecord = {
      backend: other.backend,
      side,
      compared: 0,
      differing: 0,
      maxAbs: 0,
      maxRel: 0,
      maxUlp: 0,
    };
    let kept = 0;
    for (const k of keys) {
      const a = ref.values.get(k)![side];
      const b = other.values.get(k)![side];
      if (!a || !b) continue;
      rec.compared++;
      const g = greatestDifference(a, b);
      rec.maxAbs = Math.max(rec.maxAbs, g.maxAbs);
      rec.maxRel = Math.max(rec.maxRel, g.maxRel);
      rec.maxUlp = Math.max(rec.maxUlp, g.maxUlp);
      const d = backendDifference(a, b, tol);
      if (d.equal) continue;
      rec.differing++;
      if (kept++ >= MAX_PER_SIDE) continue;
      const { kind, checkpoint, key } = parseKey(k);
      divergences.push({
        kind,
        checkpoint,
        key: `${side}:${key}`,
        backend: pair.join('~'),
        message: `${side} side, ${other.backend} vs ${ref.backend}: ${key}: ${describeBackendDifference(d, pair, tol)}`,
        stats: {
          equal: false,
          mismatched: d.mismatched,
          total: d.total,
          maxAbs: d.maxAbs,
          maxRel: d.maxRel,
          maxUlp: d.maxUlp,
          ...(d.first
            ? { first: { index: d.first.index, subclass: d.first.reference, functional: d.first.other } }
            : {}),
        },
      });
    }
    pairs.push(rec);
  }
  divergences.sort((x, y) => checkpointRank(x.checkpoint) - checkpointRank(y.checkpoint));
  return { divergences, pairs };
}

/**
 * A side that throws on one backend and not on the other (or for another
 * reason) is a divergence between the backends, never agreement: each
 * backend's own verdict would read `agreed-error` or `parity` alone. A
 * kernel a backend lacks is its limitation, not a difference.
 */
function errorsBetween(ref: BackendOutcome, other: BackendOutcome): Divergence[] {
  if (ref.result.limitation || other.result.limitation) return [];
  const own = (r: CaseResult) => r.errors.filter((e) => e.side !== 'harness');
  const key = (e: CaseResult['errors'][number]) => `${e.side}|${e.checkpoint}`;
  const [a, b] = [own(ref.result), own(other.result)];
  const differ = a.length !== b.length || a.some((e, i) => key(e) !== key(b[i]));
  if (!differ) return [];
  const first = [...a, ...b].sort((x, y) => checkpointRank(x.checkpoint) - checkpointRank(y.checkpoint))[0];
  const say = (bk: string, es: typeof a) =>
    es.length > 0
      ? `on ${bk}: ${es.map((e) => `${e.side} at ${e.checkpoint}: ${e.message}`).join('; ')}`
      : `${bk} threw nothing`;
  return [
    {
      kind: 'error',
      checkpoint: first.checkpoint,
      key: '',
      backend: `${ref.backend}~${other.backend}`,
      message: `the backends disagree on what throws: ${say(other.backend, b)} | ${say(ref.backend, a)}`,
    },
  ];
}

/** The case traced kernel by kernel (with values) on one backend, up to `until`. */
async function traceOn(backend: string, source: CaseSource, config: CaseConfig, until: string) {
  return onBackend(backend, async () => {
    activity(`tracing kernels on ${backend}`);
    const { kernels } = await recordKernelsAsync(
      () => runWithFallback(source, config, backend as 'cpu', undefined, { until }),
      { values: true },
    );
    return { backend, kernels };
  });
}

/**
 * Proves a kernel finding's known cause on the case: the cause confirms on
 * the kernel itself, and the case on the other backend with that one
 * kernel computed by the reference backend on the same values (the
 * counterfactual) no longer differs from the reference there. The
 * divergences that vanish are explained.
 */
async function proveKernelCause(
  f: KernelFinding,
  ref: BackendOutcome,
  other: BackendOutcome,
  source: CaseSource,
  config: CaseConfig,
  options: RunOptions,
  cross: Divergence[],
  tol: Tolerance,
): Promise<Set<Divergence>> {
  const explained = new Set<Divergence>();
  const cause = KERNEL_CAUSES.find((c) => c.suspect(f));
  if (!cause) return explained;
  activity(`proving ${cause.id}`);
  const evidence = cause.confirm(f);
  if (!evidence) return explained;
  f.cause = cause.id;
  f.evidence = evidence;
  const rerun = await onBackend(other.backend, () =>
    withReferenceKernel(f.call.kernel, other.backend, ref.backend, () =>
      captureCompared(() => runWithFallback(source, config, other.backend as 'cpu', undefined, options)),
    ),
  );
  const again = compareBackends(ref, { backend: other.backend, result: rerun.result, values: rerun.values }, tol);
  const still = new Set(again.divergences.map((d) => `${d.kind}|${d.checkpoint}|${d.key}`));
  for (const d of cross)
    if (d.backend === `${ref.backend}~${other.backend}` && !still.has(`${d.kind}|${d.checkpoint}|${d.key}`))
      explained.add(d);
  return explained;
}

/**
 * One case on every backend of `config.backends` (the first is the
 * reference): each backend's run is judged as on one backend (the two
 * sides, exact), and each side is compared with itself across backends
 * under the stated tolerance — outputs, activations, loss, gradients,
 * weights after each step, slots, state and `fit`. The first cross-backend
 * divergence is isolated to a kernel (both traces walked, the first kernel
 * whose outputs differ replayed on identical inputs) or to accumulated
 * rounding; a kernel finding's known cause is proven by the kernel's own
 * confirmation and the counterfactual rerun. The result is the reference
 * backend's, with the other backends' divergences (tagged with their
 * backend) and the cross-backend ones (tagged `ref~other`) added.
 */
export async function checkAcrossBackends(
  source: CaseSource,
  config: CaseConfig,
  options: RunOptions = {},
): Promise<CaseResult> {
  const started = Date.now();
  const { names, tolerance } = config.backends!;
  const one: CaseConfig = { ...config, backends: undefined };
  const outcomes: BackendOutcome[] = [];
  for (const b of names) outcomes.push(await runOn(b, source, one, options));
  const [ref, ...others] = outcomes;
  const cross: Divergence[] = [];
  const pairs: BackendPairRecord[] = [];
  for (const o of others) {
    const c = compareBackends(ref, o, tolerance);
    cross.push(...c.divergences, ...errorsBetween(ref, o));
    pairs.push(...c.pairs);
  }
  cross.sort((x, y) => checkpointRank(x.checkpoint) - checkpointRank(y.checkpoint));
  const record: CrossBackendRecord = {
    reference: ref.backend,
    tolerance: formatTolerance(tolerance),
    runs: outcomes.map((o) => ({
      backend: o.backend,
      verdict: o.result.verdict,
      divergences: o.result.divergences.length,
      ...(o.result.tensorflow ? { tensorflow: describeTensorflowRuntime(o.result.tensorflow) } : {}),
    })),
    pairs,
  };
  let kernelFinding: KernelFinding | undefined;
  const explained = new Set<Divergence>();
  // A value to trace: a disagreement on what throws has no kernel outputs to replay.
  const first = cross.find((d) => d.kind !== 'error');
  if (first) {
    const other = outcomes.find((o) => first.backend === `${ref.backend}~${o.backend}`)!;
    const traces = [
      await traceOn(ref.backend, source, one, first.checkpoint),
      await traceOn(other.backend, source, one, first.checkpoint),
    ];
    const side = first.key.split(':')[0];
    const iso = await isolateKernel(traces[0], traces[1], tolerance, { side, checkpoint: first.checkpoint });
    record.isolation = { kind: iso.kind, message: iso.message };
    kernelFinding = iso.finding;
    if (kernelFinding)
      for (const d of await proveKernelCause(kernelFinding, ref, other, source, one, options, cross, tolerance))
        explained.add(d);
  }
  const crossJudged = cross.map((d) =>
    explained.has(d)
      ? {
          ...d,
          cause: kernelFinding!.cause,
          evidence: `${kernelFinding!.evidence}; gone when ${other(d)}'s ${kernelFinding!.call.kernel} is computed by ${ref.backend}'s kernel on the same values (rerun)`,
        }
      : d,
  );
  const tagged = (o: BackendOutcome) => o.result.divergences.map((d) => ({ ...d, backend: d.backend ?? o.backend }));
  const divergences = [...ref.result.divergences, ...others.flatMap(tagged), ...crossJudged];
  const errors = [
    ...ref.result.errors,
    ...others.flatMap((o) => o.result.errors.map((e) => ({ ...e, message: `on ${o.backend}: ${e.message}` }))),
  ];
  const limited = outcomes.some((o) => o.result.limitation !== undefined);
  const known = divergences.length > 0 && divergences.every((d) => d.cause !== undefined);
  const notes = [
    ...(ref.result.notes ?? []),
    ...others.flatMap((o) => (o.result.notes ?? []).map((n) => `on ${o.backend}: ${n}`)),
    ...(record.isolation ? [record.isolation.message] : []),
    ...pairs
      .filter((p) => p.differing > MAX_PER_SIDE)
      .map(
        (p) =>
          `${p.side} side on ${p.backend}: ${p.differing} values differ from ${ref.backend}; the first ${MAX_PER_SIDE} are listed`,
      ),
  ];
  const combined: CaseResult = {
    ...ref.result,
    verdict: verdictOf(divergences, errors, limited),
    divergences,
    errors,
    notes: notes.length > 0 ? notes : undefined,
    limitation: ref.result.limitation ?? others.find((o) => o.result.limitation)?.result.limitation,
    knownCause: known ? divergences[0].cause : undefined,
    knownCauses: known ? [...new Set(divergences.map((d) => d.cause!))] : undefined,
    // What ran is what is reported: the backends and their tolerance too.
    config: ranConfig(config),
    // TensorFlow's version and oneDNN setting, whichever backend is the reference.
    tensorflow: outcomes.find((o) => o.result.tensorflow)?.result.tensorflow,
    crossBackend: record,
    ...(kernelFinding ? { kernelFinding } : {}),
    durationMs: Date.now() - started,
  };
  return { ...combined, signature: crossSignature(combined) };

  function other(d: Divergence): string {
    return d.backend!.split('~')[1];
  }
}

/**
 * The signature as on one backend; when the first unexplained divergence
 * is between backends, it also names the backend pair and the kernel
 * isolated (or `rounding`): `gradient|conv2d|gradients|cpu~tensorflow|Conv2DBackpropInput`.
 */
function crossSignature(r: CaseResult): string | undefined {
  const base = signatureOf(r);
  if (!base) return undefined;
  const open = r.divergences.filter((d) => d.cause === undefined);
  const first = (open.length > 0 ? open : r.divergences)[0];
  if (!first.backend?.includes('~')) return base;
  const kernel =
    r.kernelFinding && r.kernelFinding.backends.join('~') === first.backend
      ? r.kernelFinding.call.kernel
      : (r.crossBackend?.isolation?.kind ?? 'rounding');
  return `${base}|${first.backend}|${kernel}`;
}
