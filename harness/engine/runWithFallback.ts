import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseHooks } from '../checkpoints/CaseHooks';
import { divergenceId, type Divergence } from '../compare/Divergence';
import type { BackendName } from '../runtime/selectBackend';
import { tf } from '../runtime/tf';
import type { CaseResult } from './CaseResult';
import type { CaseSource } from './CaseSource';
import { runCase, type RunOptions } from './runCase';
import { verdictOf } from './verdict';

/**
 * Runs one case. With backend `auto`, a case that needs a kernel the
 * chosen backend lacks (wasm has no conv2d or embedding gradients) runs
 * again on cpu — both sides always share one backend, so exactness holds
 * — and keeps what the first backend found (see {@link mergeBackendRuns}). Asked
 * for a backend by name, the case ends as `backend-limitation`.
 */
export async function runWithFallback(
  source: CaseSource,
  config: CaseConfig,
  backend: BackendName,
  hooks?: CaseHooks,
  options: RunOptions = {},
): Promise<CaseResult> {
  const first = await runCase(source, config, hooks, options);
  const current = tf.getBackend();
  if (backend !== 'auto' || !first.limitation || current === 'cpu') return first;
  await tf.setBackend('cpu');
  try {
    return mergeBackendRuns(first, await runCase(source, config, hooks, options));
  } finally {
    await tf.setBackend(current);
  }
}

/**
 * One result from a run cut short by a missing kernel and its rerun on
 * cpu: the cpu run's findings, plus every divergence the first backend
 * showed at the checkpoints it ran that cpu did not (tagged with that
 * backend: a kernel of it computes differently), and cpu's divergences at
 * those checkpoints that the first backend did not show (tagged `cpu`).
 * The note says what moved.
 */
export function mergeBackendRuns(first: CaseResult, cpu: CaseResult): CaseResult {
  const ran = new Set(first.checkpoints);
  const onCpu = new Set(cpu.divergences.map(divergenceId));
  const onFirst = new Set(first.divergences.map(divergenceId));
  const firstOnly: Divergence[] = first.divergences
    .filter((d) => !onCpu.has(divergenceId(d)))
    .map((d) => ({ ...d, backend: first.backend }));
  const divergences = cpu.divergences.map((d) =>
    ran.has(d.checkpoint) && !onFirst.has(divergenceId(d)) ? { ...d, backend: 'cpu' } : d,
  );
  // Keep the order of the checkpoints: what the first backend saw early comes first.
  const order = (d: Divergence) => {
    const i = cpu.checkpoints.indexOf(d.checkpoint);
    return i < 0 ? cpu.checkpoints.length : i;
  };
  const all = [...firstOnly, ...divergences].sort((a, b) => order(a) - order(b));
  const lim = first.limitation!;
  const moved = [
    ...firstOnly.map((d) => `${d.kind}@${d.checkpoint} on ${first.backend} only`),
    ...divergences.filter((d) => d.backend === 'cpu').map((d) => `${d.kind}@${d.checkpoint} on cpu only`),
  ];
  const freed =
    first.reclaimedTensors > 0
      ? ` (tfjs left ${first.reclaimedTensors} tensors alive when the kernel was missing; the harness freed them)`
      : '';
  const note = `${lim.backend} has no kernel ${lim.kernel} (needed at ${lim.checkpoint}); this case ran again on cpu${freed}. ${first.checkpoints.join(', ') || 'nothing'} ran on ${first.backend} first: ${moved.length > 0 ? `what moved: ${moved.join('; ')}` : 'cpu agrees with it there'}`;
  const notes = [...new Set([...(first.notes ?? []), ...(cpu.notes ?? [])])];
  return {
    ...cpu,
    verdict: verdictOf(all, cpu.errors, cpu.limitation !== undefined),
    divergences: all,
    backendNote: note,
    limitation: cpu.limitation ?? undefined,
    resources: [
      ...first.resources.map((r) => ({ ...r, checkpoint: `${r.checkpoint} (${first.backend})` })),
      ...cpu.resources,
    ],
    reclaimedTensors: cpu.reclaimedTensors,
    // The heatmap shows the first backend's tensor when only it had one (its divergence is kept, tagged).
    firstMismatch: cpu.firstMismatch ?? (first.firstMismatch && { ...first.firstMismatch, backend: first.backend }),
    notes: notes.length > 0 ? notes : undefined,
    durationMs: first.durationMs + cpu.durationMs,
  };
}
