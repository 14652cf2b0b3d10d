import { formatTolerance, type Tolerance } from '../../compare/Tolerance';
import type { CrossBackendRecord, KernelFinding } from '../../trace/KernelFinding';
import type { KernelCall } from '../../trace/recordKernels';
import { backendDifference } from './backendDifference';
import { asKernelTensor, replayOn, traced } from './replayOn';

/** Kernels whose traced outputs differ that are replayed before the walk gives up (each replay runs on both backends). */
const MAX_REPLAYS = 200;

/** What isolation concluded: one kernel (with its finding), accumulated rounding, or traces that do not align. */
export type Isolation = NonNullable<CrossBackendRecord['isolation']> & { finding?: KernelFinding };

/**
 * Walks two traces of one computation — the same case on the reference
 * backend and on another — kernel by kernel, in the order they ran. Each
 * kernel whose outputs differ beyond `tol` is replayed on both backends
 * with the reference trace's input values: if the replays still differ,
 * that kernel is wrong on one backend (the finding names it, with both
 * outputs); if they agree, its difference came in through its inputs —
 * rounding carried from earlier kernels — and the walk goes on. When no
 * kernel differs on identical inputs, the divergence is accumulated
 * rounding and no kernel is blamed.
 */
export async function isolateKernel(
  reference: { backend: string; kernels: KernelCall[] },
  other: { backend: string; kernels: KernelCall[] },
  tol: Tolerance,
  where: { side?: string; checkpoint?: string } = {},
): Promise<Isolation> {
  const backends: [string, string] = [reference.backend, other.backend];
  let replays = 0;
  let differing = 0;
  const n = Math.min(reference.kernels.length, other.kernels.length);
  for (let i = 0; i < n; i++) {
    const a = reference.kernels[i];
    const b = other.kernels[i];
    if (a.kernel !== b.kernel)
      return {
        kind: 'unaligned',
        message: `the backends ran different kernels at #${i} (${a.kernel} on ${backends[0]}, ${b.kernel} on ${backends[1]}): nothing to replay`,
      };
    if (
      a.outputs.length !== b.outputs.length ||
      a.outputs.some((t) => t.values === undefined || typeof t.values[0] === 'string')
    )
      continue;
    const differs = a.outputs.some((t, k) => !backendDifference(traced(t), traced(b.outputs[k]), tol).equal);
    if (!differs) continue;
    differing++;
    if (replays >= MAX_REPLAYS) break;
    replays++;
    const r = await replayBoth(a, backends, tol, where);
    if (r === undefined) continue;
    return { kind: 'kernel', message: `kernel #${i} ${r.message}`, ...(r.finding ? { finding: r.finding } : {}) };
  }
  const tail =
    reference.kernels.length !== other.kernels.length
      ? `; the traces have ${reference.kernels.length} and ${other.kernels.length} kernels`
      : '';
  return {
    kind: 'rounding',
    message: `accumulated rounding: ${differing} of ${n} kernels' outputs differ beyond tolerance, and each replayed on identical inputs (${replays}) agrees on both backends — no kernel is wrong${differing > replays ? ` (the first ${replays} replayed)` : ''}${tail}`,
  };
}

/**
 * Runs one kernel on both backends with the same input values (the
 * call's): a finding when the outputs differ beyond `tol` (or one backend
 * throws and the other does not), undefined when they agree.
 */
export async function replayBoth(
  call: KernelCall,
  backends: [string, string],
  tol: Tolerance,
  where: { side?: string; checkpoint?: string } = {},
): Promise<{ message: string; finding?: KernelFinding } | undefined> {
  const [ra, rb] = [await replayOn(call, backends[0]), await replayOn(call, backends[1])];
  if ('error' in ra || 'error' in rb) {
    if ('error' in ra && 'error' in rb) return undefined;
    const [on, e] = 'error' in ra ? [backends[0], ra.error] : [backends[1], (rb as { error: string }).error];
    return { message: `${call.kernel} throws on ${on} and not on the other backend on identical inputs: ${e}` };
  }
  const worst = ra.map((t, k) => backendDifference(t, rb[k], tol)).find((d) => !d.equal);
  if (!worst) return undefined;
  const { equal: _e, structural: _s, ...difference } = worst;
  const finding: KernelFinding = {
    backends,
    call,
    outputs: { [backends[0]]: ra.map(asKernelTensor), [backends[1]]: rb.map(asKernelTensor) },
    difference,
    tolerance: formatTolerance(tol),
    ...where,
  };
  const first = difference.first
    ? `, first at (${difference.first.index.join(', ')}): ${backends[0]} ${difference.first.reference}, ${backends[1]} ${difference.first.other}`
    : '';
  const what = worst.structural
    ? `${worst.structural} on ${backends[0]} and ${backends[1]}`
    : `${difference.mismatched} of ${difference.total} elements beyond tolerance ${formatTolerance(tol)}${first}`;
  return {
    message: `${call.kernel} computes other values on ${backends[1]} than on ${backends[0]} from identical inputs (replayed: ${what})`,
    finding,
  };
}
