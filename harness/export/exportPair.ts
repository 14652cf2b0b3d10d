import { relative } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import { checkPair, type CheckOneOptions } from '../campaign/checkPair';
import { loadPair, type PairModule } from '../construct/PairModule';
import { seededInitializer } from '../construct/seededInitializer';
import type { CaseResult } from '../engine/CaseResult';
import { preflightPair } from '../engine/preflightPair';
import { UsageError } from '../errors';
import { makeTarget, type LossName } from '../runtime/losses';
import { makeInputs } from '../runtime/makeInputs';
import { preservingState } from '../runtime/preservingState';
import { seedFor } from '../runtime/seedFor';
import { selectBackend, type BackendName } from '../runtime/selectBackend';
import { openLedger } from '../runtime/tensorLedger';
import { tf } from '../runtime/tf';
import { bundleModule } from './bundleModule';
import { embedTensor } from './embedTensor';
import { InitRecorder } from './InitRecorder';
import { kernelScript } from './kernelScript';
import { pairScript } from './pairScript';

const embed = (t: Tensor) => embedTensor(t.dtype, t.shape, t.dataSync() as ArrayLike<number>);

/**
 * The case's inputs and targets, computed as the engine computes them: the
 * seeded inputs in the dtype the functional model is fed (pre-flight reads
 * it), targets at the shapes the functional model really returns. Leaves
 * nothing alive; a functional side that cannot be built or called gives no
 * targets (its finding is at `build`, before any target is used).
 */
async function pairData(pair: PairModule, file: string, result: CaseResult) {
  const c = result.config;
  const { feed } = await preflightPair(pair, file);
  const descs = pair.inputs.map((d, i) => ({ ...d, feedAs: feed[i] }));
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  const ledger = openLedger();
  const inputs = makeInputs(descs, c.batchSize, c.seed);
  try {
    let shapes: number[][] = [];
    try {
      const net = await pair.functional({
        tf,
        init: (key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', seedFor(c.seed, 'pair', key)),
      });
      shapes = tf.tidy(() => {
        const y = net.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as Tensor | Tensor[];
        return (Array.isArray(y) ? y : [y]).map((t) => t.shape.slice(1));
      });
    } catch {
      shapes = [];
    }
    const targets = shapes.map((shape, i) =>
      makeTarget(c.loss as LossName, [c.batchSize, ...shape], seedFor(c.seed, 'target', String(i))),
    );
    const data = {
      inputs: inputs.map(embed),
      targets: targets.map(embed),
      inputSpecs: pair.inputs.map((d, i) => ({ shape: d.shape, dtype: inputs[i].dtype })),
    };
    tf.dispose(targets);
    return data;
  } finally {
    tf.dispose(inputs);
    ledger.reclaim();
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name)) v.dispose();
  }
}

/**
 * Exports a pair module file's case as a standalone script (see
 * {@link pairScript}): the pair is run as `npx parity-check --pair` runs it
 * ({@link checkPair}, with `options`), its factories receiving a recording
 * `init` so the script can embed every value the harness's seeded
 * initializers gave; the module itself is bundled into the script by
 * esbuild. A layer module is refused (its functional twin is derived by the
 * harness, not written by the user). Bad input throws a {@link UsageError}
 * or `BadModuleError`, one line naming the file. The backend, `Math.random`
 * and the tensor count are as they were when it returns.
 */
export async function exportPair(
  file: string,
  options: CheckOneOptions = {},
): Promise<{ script: string; result: CaseResult }> {
  const pair = await loadPair(file);
  if (pair.twin)
    throw new UsageError(
      `${file}: a layer module — its functional twin is derived by the harness from a trace, not written in the module — is not exported yet; run it with --pair to see its finding`,
    );
  // Bundled first: a module esbuild cannot bundle is refused before the case runs.
  const bundle = await bundleModule(file);
  const recorder = new InitRecorder();
  const result = { ...(await checkPair(recorder.wrap(pair), options)), file };
  const kernel = result.kernelFinding;
  if (kernel) return { script: kernelScript(kernel.call, kernel.backends), result };
  if (recorder.unstable.size > 0)
    throw new UsageError(
      `${file}: init(${[...recorder.unstable][0]}) gave different values on two calls; its values cannot be embedded`,
    );
  return preservingState(async () => {
    await selectBackend(result.backend as BackendName);
    const data = await pairData(pair, file, result);
    const shown = relative(process.cwd(), file).replace(/\\/g, '/');
    const parts = { file: shown, bundle, inits: recorder.inits(result.config.seed), loop: pair.loop, ...data };
    try {
      return { script: pairScript(result, parts), result };
    } catch (e) {
      // A refusal names the file, as every bad-input line does (findingTarget's name only the case).
      if (e instanceof UsageError && !e.message.includes(shown)) throw new UsageError(`${file}: ${e.message}`);
      throw e;
    }
  });
}
