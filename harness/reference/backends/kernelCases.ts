import seedrandom from 'seedrandom';
import type { Tolerance } from '../../compare/Tolerance';
import type { CaseResult } from '../../engine/CaseResult';
import { seedFor } from '../../runtime/seedFor';
import { selectBackend } from '../../runtime/selectBackend';
import { tf } from '../../runtime/tf';
import type { KernelCall, KernelTensor } from '../../trace/recordKernels';
import { KERNEL_CAUSES } from '../../triage/causes';
import { replayBoth } from './isolateKernel';
import { KERNEL_SIGNATURES, type KernelSignature } from './kernelCatalogue';
import { formatTolerance } from '../../compare/Tolerance';

/** Options of a `--kernels` campaign. */
export interface KernelCampaignOptions {
  backends: string[];
  tolerance: Tolerance;
  seed: number;
  /** Generated inputs per kernel and dtype (default 3). */
  runs?: number;
  /** The index of the first case (after the run's other cases). */
  firstIndex?: number;
}

/** A generated shape of rank 0–3, at most 24 elements. */
function shapeOf(rand: () => number): number[] {
  const rank = Math.floor(rand() * 4);
  return Array.from({ length: rank }, () => 1 + Math.floor(rand() * 3));
}

/** Values that reach the edges kernels get wrong: integers, halves (rounding ties), negatives, zero. */
function valuesOf(rand: () => number, n: number, dtype: string): number[] {
  return Array.from({ length: n }, () => {
    const pick = rand();
    if (dtype === 'int32') return Math.floor(rand() * 21) - 10;
    if (pick < 0.2) return Math.floor(rand() * 9) - 4 + 0.5;
    if (pick < 0.3) return 0;
    return Math.fround((rand() * 2 - 1) * 4);
  });
}

/** The generated call of one kernel: its inputs (with values) and attributes. */
function callOf(kernel: string, sig: KernelSignature, dtype: string, rand: () => number): KernelCall {
  const shape = shapeOf(rand);
  const t = (s: number[]): KernelTensor => ({
    id: -1,
    dtype: dtype as 'float32',
    shape: s,
    values: valuesOf(
      rand,
      s.reduce((a, b) => a * b, 1),
      dtype,
    ),
  });
  const inputs: Record<string, KernelTensor> =
    sig.family === 'binary' ? { a: t(shape), b: t(rand() < 0.3 ? [] : shape) } : { x: t(shape) };
  // FloorDiv and Mod by zero are undefined in integers: every backend may answer differently.
  if (kernel === 'FloorDiv' || kernel === 'Mod')
    inputs.b.values = (inputs.b.values as number[]).map((v) => (v === 0 ? 3 : v));
  const attrs =
    sig.family === 'reduce'
      ? { axis: shape.length === 0 ? [] : [Math.floor(rand() * shape.length)], keepDims: rand() < 0.5 }
      : {};
  return { index: 0, kernel, inputs, attrs, outputs: [] };
}

/**
 * The kernel-level campaign (`--kernels`): generated inputs for each
 * registered kernel of the reference backend that has a known signature,
 * run on every backend, compared under the tolerance between backends, and
 * judged like a kernel a case isolated: the same replay on identical inputs,
 * the same known causes with their confirmation. Each kernel, dtype and
 * draw is one case; a wrong kernel carries its `kernelFinding`.
 *
 * Why a campaign of its own: a layer model never hands some kernels some
 * dtypes (no layer rounds an int32 tensor), so a backend's fault there
 * cannot surface from a generated model.
 */
export async function kernelCases(o: KernelCampaignOptions): Promise<CaseResult[]> {
  const [reference, ...others] = o.backends;
  const before = tf.getBackend();
  await selectBackend(reference as 'cpu');
  const registered = new Set(tf.getKernelsForBackend(reference).map((k) => k.kernelName));
  for (const b of others) await selectBackend(b as 'cpu');
  await tf.setBackend(before);
  const kernels = Object.keys(KERNEL_SIGNATURES)
    .filter((k) => registered.has(k))
    .sort();
  const out: CaseResult[] = [];
  let index = o.firstIndex ?? 0;
  for (const kernel of kernels) {
    const sig = KERNEL_SIGNATURES[kernel];
    for (const dtype of sig.dtypes) {
      for (let run = 0; run < (o.runs ?? 3); run++) {
        const started = Date.now();
        const rand = seedrandom(String(seedFor(o.seed, `kernel:${kernel}:${dtype}`, String(run))));
        const call = callOf(kernel, sig, dtype, rand);
        out.push(await kernelCase(call, `${kernel} ${dtype} #${run}`, index++, o, started));
      }
    }
  }
  return out;
}

async function kernelCase(
  call: KernelCall,
  name: string,
  index: number,
  o: KernelCampaignOptions,
  started: number,
): Promise<CaseResult> {
  const [reference, ...others] = o.backends;
  const tol = formatTolerance(o.tolerance);
  const base: CaseResult = {
    index,
    name: `kernel ${name}`,
    source: 'fuzz',
    verdict: 'parity',
    divergences: [],
    errors: [],
    checkpoints: ['kernel'],
    backend: reference,
    config: {
      seed: o.seed,
      optimizer: '-',
      optimizerOptions: {},
      steps: 0,
      batchSize: 0,
      loss: '-',
      tolerance: 'exact',
      fit: false,
      reload: false,
      backends: o.backends,
      backendTolerance: tol,
    },
    resources: [],
    reclaimedTensors: 0,
    durationMs: 0,
  };
  for (const other of others) {
    // The same replay on identical inputs that isolates a kernel in a case.
    const iso = await replayBoth(call, [reference, other], o.tolerance);
    if (!iso) continue;
    const f = iso.finding;
    const cause = f && KERNEL_CAUSES.find((c) => c.suspect(f));
    const evidence = f && cause?.confirm(f);
    if (f && cause && evidence) Object.assign(f, { cause: cause.id, evidence });
    base.divergences.push({
      kind: 'forward',
      checkpoint: 'kernel',
      key: call.kernel,
      backend: `${reference}~${other}`,
      message: iso.message,
      ...(f?.cause ? { cause: f.cause, evidence: f.evidence } : {}),
    });
    base.kernelFinding ??= f;
  }
  const divergences = base.divergences;
  const known = divergences.length > 0 && divergences.every((d) => d.cause);
  return {
    ...base,
    verdict: divergences.length > 0 ? 'divergence' : 'parity',
    ...(divergences.length > 0
      ? {
          signature: `forward|${call.kernel}|kernel|${divergences[0].backend}|${call.kernel}`,
          knownCause: known ? divergences[0].cause : undefined,
          knownCauses: known ? [...new Set(divergences.map((d) => d.cause!))] : undefined,
        }
      : {}),
    crossBackend: {
      reference,
      tolerance: tol,
      runs: o.backends.map((b) => ({ backend: b, verdict: 'parity', divergences: 0 })),
      pairs: [],
    },
    durationMs: Date.now() - started,
  };
}
