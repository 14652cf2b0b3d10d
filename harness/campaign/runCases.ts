import type { CaseConfig } from '../engine/resolveConfig';
import type { CaseResult } from '../engine/result';
import { tf } from '../runtime/tf';
import type { CaseSource } from '../engine/CaseSource';
import { runCase } from '../engine/runCase';
import type { BackendName } from '../runtime/selectBackend';

const MISSING_KERNEL = /Kernel '(\w+)' not registered for backend '(\w+)'/;

/**
 * Runs cases one after another (tfjs has one global engine). With backend
 * `auto`, a case that needs a kernel the chosen backend lacks (wasm has no
 * gradient kernels for conv2d or embeddings) is run again on cpu, and the
 * result says so: both sides always share one backend, so exactness holds.
 */
export async function runCases(sources: CaseSource[], config: CaseConfig, backend: BackendName, onCase?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const source of sources) {
    let result = await runCase(source, config);
    const missing = result.errors.map((e) => MISSING_KERNEL.exec(e.message)).find((m) => m !== null);
    const current = tf.getBackend();
    if (backend === 'auto' && missing && current !== 'cpu') {
      await tf.setBackend('cpu');
      try {
        result = { ...(await runCase(source, config)), backendNote: `${current} has no kernel ${missing[1]}; this case ran on cpu` };
      } finally {
        await tf.setBackend(current);
      }
    }
    results.push(result);
    onCase?.(result);
  }
  return results;
}
