import type { SideName, Side } from '../construct/Side';
import type { CaseConfig } from './resolveConfig';
import { verdictOf } from './verdict';
import type { CaseResult } from './result';
import { inferShapes } from '../spec/inferShapes';
import { tf } from '../runtime/tf';
import { seedFor } from '../runtime/seedFor';
import { buildSides, type BuildOutcome } from './buildSides';
import { CaseRecorder } from '../checkpoints/CaseRecorder';
import type { CaseSource } from './CaseSource';
import { fitCheckpoint } from '../checkpoints/fitCheckpoint';
import { makeTarget } from '../runtime/losses';
import { makeInputs, type InputDescription } from '../runtime/makeInputs';
import { restoreGlobalRandom } from '../runtime/seedRandom';
import { openLedger } from '../runtime/tensorLedger';
import { trainingCheckpoints } from '../checkpoints/trainingCheckpoints';
import { reloadCheckpoint } from '../checkpoints/reloadCheckpoint';
import { disposeCheckpoint } from '../checkpoints/disposeCheckpoint';

const registered = () => tf.engine().state.registeredVariables;

/**
 * Runs one case through every checkpoint and returns its result. Never
 * throws for anything tfjs or a pair module does: each side's failures are
 * recorded, and what was found before them is kept. Every tensor and
 * variable the case created is released before it returns.
 */
export async function runCase(source: CaseSource, config: CaseConfig): Promise<CaseResult> {
  const started = Date.now();
  const tensorsBefore = tf.memory().numTensors;
  const varsBefore = new Set(Object.keys(registered()));
  const ledger = openLedger();
  const rec = new CaseRecorder();
  const spec = source.kind === 'spec' ? source.spec : undefined;
  const predicted = spec ? inferShapes(spec).conflict : undefined;
  const descs: InputDescription[] = spec ? spec.inputs : source.kind === 'pair' ? source.pair.inputs : [];
  const lossName = config.loss;
  let inputs: ReturnType<typeof makeInputs> = [];
  let targets: ReturnType<typeof makeInputs> = [];
  try {
    inputs = makeInputs(descs, config.batchSize, config.seed);
    const built = buildSides(source, config, inputs, 'build');
    if (!recordBuild(built, rec, predicted?.reason)) {
      const sides = sidesOf(built);
      targets = sides.functional.outputShapes.map((shape, i) => makeTarget(lossName, [config.batchSize, ...shape], seedFor(config.seed, 'target', String(i))));
      const outputNames = spec ? spec.outputs : targets.map((_, i) => `output[${i}]`);
      try {
        await trainingCheckpoints(sides, { inputs, targets, outputNames, nodeOrder: spec?.nodes.map((n) => n.id), loop: source.kind === 'pair' ? source.pair.loop : undefined }, config, rec);
        if (config.reload && rec.checkpoints.includes(`step-${config.steps}`)) await reloadCheckpoint(sides, descs, inputs, config, rec);
      } catch (e) {
        rec.harness('training', e);
      }
      if (config.fit) {
        // A fresh pair of builds: fit is a separate training path and must
        // start from the initial weights, not from the custom loop's.
        // Pair cases follow a user's `tf.model → compile → fit` path with no
        // eager call first (a lazily built custom layer then has no weights
        // at compile). Spec sides build every weight in build(), so the
        // warm-up changes nothing there — except that tfjs's multi-output
        // fit behaviour (fixtures/regressions/multi-output-*) shows only
        // after an eager call; why is not yet understood, so it is kept.
        const again = buildSides(source, config, inputs, 'build', { warmUp: source.kind === 'spec' });
        if (!rec.sideErrors('fit', errorsOf(again))) await fitCheckpoint(sidesOf(again), descs, inputs, targets, config, rec).catch((e) => rec.harness('fit', e));
      }
      // Fresh sides again: the ones above are held by the models that
      // reload and fit wrapped them in, so their dispose() would not free them.
      const fresh = buildSides(source, config, inputs, 'build');
      if (!rec.sideErrors('dispose', errorsOf(fresh))) await disposeCheckpoint(sidesOf(fresh), rec).catch((e) => rec.harness('dispose', e));
    }
  } catch (e) {
    rec.harness('case', e);
  } finally {
    restoreGlobalRandom();
    tf.dispose([...inputs, ...targets]);
    // Dispose every variable the case created, including ones a pair's
    // subclass never exposed (so no API of its own would reach them).
    for (const [name, v] of Object.entries(registered())) if (!varsBefore.has(name)) v.dispose();
  }
  const reclaimed = ledger.reclaim();
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) rec.harness('cleanup', new Error(`the case changed the tensor count by ${leaked}`));
  return {
    name: source.name,
    source: source.kind === 'spec' ? (source.origin ?? 'spec') : 'pair',
    file: source.file,
    verdict: verdictOf(rec.divergences, rec.errors),
    spec,
    predictedRejection: predicted ? `node '${predicted.node}': ${predicted.reason}` : undefined,
    divergences: rec.divergences,
    errors: rec.errors,
    checkpoints: rec.checkpoints,
    notes: rec.notes.length > 0 ? rec.notes : undefined,
    backend: tf.getBackend(),
    reclaimedTensors: reclaimed,
    durationMs: Date.now() - started,
  };
}

function errorsOf(b: BuildOutcome): Partial<Record<SideName, unknown>> {
  const out: Partial<Record<SideName, unknown>> = {};
  for (const [k, v] of Object.entries(b)) if ('error' in v) out[k as SideName] = v.error;
  return out;
}

function sidesOf(b: BuildOutcome): Record<SideName, Side> {
  return { subclass: (b.subclass as { side: Side }).side, functional: (b.functional as { side: Side }).side };
}

/** Records the build checkpoint; true when the case cannot go on. */
function recordBuild(b: BuildOutcome, rec: CaseRecorder, predicted: string | undefined): boolean {
  const errs = errorsOf(b);
  if (rec.sideErrors('build', errs)) return true;
  if (predicted) {
    // Both sides built what shape inference says tfjs rejects: the catalogue is wrong.
    rec.harness('build', new Error(`shape inference predicted a rejection (${predicted}) but both sides built`));
    return true;
  }
  rec.reached('build');
  return false;
}
