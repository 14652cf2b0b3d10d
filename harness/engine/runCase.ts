import type { Tensor } from '@tensorflow/tfjs';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import type { CaseHooks } from '../checkpoints/CaseHooks';
import { CaseRecorder } from '../checkpoints/CaseRecorder';
import { disposeCheckpoint } from '../checkpoints/disposeCheckpoint';
import { fitCheckpoint, type FitKeys } from '../checkpoints/fitCheckpoint';
import { keyOrder } from '../checkpoints/keysFor';
import { modelGraph, type ModelGraph } from '../checkpoints/ModelGraph';
import { reloadCheckpoint } from '../checkpoints/reloadCheckpoint';
import { trainingCheckpoints } from '../checkpoints/trainingCheckpoints';
import { runsTo } from '../checkpoints/checkpointOrder';
import { activity } from '../runtime/activity';
import type { LiveCounts } from '../runtime/liveCounts';
import type { Side, SideName } from '../construct/Side';
import { makeTarget } from '../runtime/losses';
import { makeInputs, type InputDescription } from '../runtime/makeInputs';
import { seedFor } from '../runtime/seedFor';
import { stableName } from '../runtime/stableName';
import { restoreGlobalRandom } from '../runtime/seedRandom';
import { openLedger } from '../runtime/tensorLedger';
import { tf } from '../runtime/tf';
import { fixedBatchOf } from '../architecture/fixedBatchOf';
import { inferShapes } from '../architecture/inferShapes';
import { buildSides, type BuildOutcome } from './buildSides';
import { measureEffects } from './measureEffects';
import type { CaseResult, TwinSummary } from './CaseResult';
import { twinSummary } from './twinSummary';
import type { CaseSource } from './CaseSource';
import { ranConfig } from './resolveConfig';
import { tensorflowRuntime } from '../runtime/tensorflowRuntime';
import { verdictOf } from './verdict';
import { compareWithReference } from '../reference/compareWithReference';
import type { ReferenceResult } from '../reference/ReferenceResult';
import { scheduleOf } from '../checkpoints/trainableChanges';

const registered = () => tf.engine().state.registeredVariables;

/** How far a case runs. */
export interface RunOptions {
  /** Stop after this checkpoint (a shrink candidate needs no more than its signature's checkpoint). */
  until?: string;
}

/**
 * Runs one case through every checkpoint and returns its result. Never
 * throws for anything tfjs or a pair module does: each side's failures are
 * recorded, and what was found before them is kept. Every tensor and
 * variable the case created is released before it returns; what a side
 * left alive is counted first (`resources`, `reclaimedTensors`).
 *
 * `hooks` rerun a case with one thing changed, to prove a known cause
 * (triage); a user's case has none.
 */
export async function runCase(
  source: CaseSource,
  given: CaseConfig,
  hooks?: CaseHooks,
  options: RunOptions = {},
): Promise<CaseResult> {
  // A spec with a fixed batch (a stateful RNN's) runs at that batch whatever the config says; the result records it.
  const fixed = source.kind === 'spec' ? fixedBatchOf(source.spec) : undefined;
  const config = fixed === undefined ? given : { ...given, batchSize: fixed };
  const started = Date.now();
  const tensorsBefore = tf.memory().numTensors;
  const varsBefore = new Set(Object.keys(registered()));
  const ledger = openLedger();
  const rec = new CaseRecorder();
  const spec = source.kind === 'spec' ? source.spec : undefined;
  const predicted = spec ? inferShapes(spec).conflict : undefined;
  const descs: InputDescription[] = spec
    ? spec.inputs
    : source.kind === 'pair'
      ? source.pair.inputs.map((d, i) => ({ ...d, feedAs: source.feed?.[i] }))
      : [];
  let inputs: Tensor[] = [];
  let targets: Tensor[] = [];
  let graph: ModelGraph | undefined;
  let reference: ReferenceResult | undefined;
  let twin: TwinSummary | undefined;
  const until = options.until;
  const run = async () => {
    activity('build');
    inputs = makeInputs(descs, config.batchSize, config.seed);
    const built = await buildSides(source, config, inputs, 'build', { warmUp: true, hooks });
    rec.facts.layers = { subclass: built.subclass.facts, functional: built.functional.facts };
    if (source.kind === 'pair' && 'side' in built.functional) graph = graphOf(built.functional.side);
    // Said for every layer-module case, the twin built or not.
    if (source.kind === 'pair' && source.pair.twin)
      ({ twin, graph } = twinSummary(
        'side' in built.functional ? built.functional.side.net : undefined,
        source.pair.twin.scope,
        graph,
      ));
    rec.facts.build = {
      subclass: 'build' in built.subclass ? built.subclass.build : undefined,
      functional: 'build' in built.functional ? built.functional.build : undefined,
    };
    if (recordBuild(built, rec, source.kind === 'spec', predicted?.reason)) return;
    const sides = sidesOf(built);
    recordBuildResources(built, rec);
    // Pairing by role needs each weight's effect on the outputs, measured on a replica (never on these sides).
    if (runsTo(until, 'init')) await measureEffects(sides, source, config, inputs, hooks);
    // Targets take the shapes the functional model really returns (a variable-length axis has its size only there).
    targets = sides.functional.outputShapes.map((shape, i) =>
      makeTarget(config.loss, [config.batchSize, ...shape], seedFor(config.seed, 'target', String(i))),
    );
    const outputNames = spec ? spec.outputs : targets.map((_, i) => `output[${i}]`);
    let order: FitKeys | undefined;
    try {
      const keys = await trainingCheckpoints(
        sides,
        {
          inputs,
          targets,
          outputNames,
          nodeOrder: spec?.nodes.map((n) => n.id),
          schedule: spec ? scheduleOf(spec) : undefined,
          loop: source.kind === 'pair' ? source.pair.loop : undefined,
          until,
        },
        config,
        rec,
      );
      if (keys)
        order = { subclass: keyOrder(sides.subclass, keys.sub), functional: keyOrder(sides.functional, keys.fun) };
      if (config.reload && runsTo(until, 'reload') && rec.checkpoints.includes(`step-${config.steps}`)) {
        activity('reload');
        await reloadCheckpoint(sides, descs, inputs, config, rec, hooks);
      }
    } catch (e) {
      rec.harness('training', e);
    }
    // The third construction (--reference keras), compared with the functional model from the same weights —
    // whatever the two sides did: a model they cannot train (no weights) still has a forward pass to compare.
    if (config.reference)
      reference = await compareWithReference(spec, config, inputs, targets, rec, hooks).catch((e) => {
        rec.harness('reference', e);
        return undefined;
      });
    if (config.fit && runsTo(until, 'fit')) {
      activity('fit');
      // A fresh pair of builds that were never called: fit is a separate
      // training path, from the initial weights, and follows a user's
      // `tf.model → compile → fit` (a lazily built custom layer then has no
      // weights at compile). Keys are read once the models exist.
      const again = await buildSides(source, config, inputs, 'build', { warmUp: false, hooks });
      if (!recordRebuild('fit', again, rec))
        await fitCheckpoint(sidesOf(again), descs, inputs, targets, config, rec, {
          order,
          hooks,
          built: leftOf(again),
        }).catch((e) => rec.harness('fit', e));
    }
    if (!runsTo(until, 'dispose')) return;
    activity('dispose');
    // Fresh sides again: the ones above are held by the models that
    // reload and fit wrapped them in, so their dispose() would not free them.
    const fresh = await buildSides(source, config, inputs, 'build', { warmUp: true, hooks });
    if (!recordRebuild('dispose', fresh, rec))
      await disposeCheckpoint(sidesOf(fresh), rec, order).catch((e) => rec.harness('dispose', e));
  };
  try {
    await (hooks?.around ? hooks.around(run) : run());
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
  // The harness's own bookkeeping: anything outside the ledger's view would show here.
  const stray = tf.memory().numTensors - tensorsBefore;
  if (stray !== 0)
    rec.harness('cleanup', new Error(`the case changed the tensor count by ${stray} outside the ledger`));
  return {
    name: source.name,
    source: source.kind === 'spec' ? (source.origin ?? 'spec') : 'pair',
    file: source.file,
    verdict: verdictOf(rec.divergences, rec.errors, rec.limitation !== undefined),
    spec,
    predictedRejection: predicted ? `node '${predicted.node}': ${predicted.reason}` : undefined,
    divergences: rec.divergences,
    errors: rec.errors,
    checkpoints: rec.checkpoints,
    notes: rec.notes.length > 0 ? rec.notes : undefined,
    backend: tf.getBackend(),
    tensorflow: tensorflowRuntime(),
    limitation: rec.limitation,
    config: ranConfig(config),
    resources: rec.resources,
    reclaimedTensors: reclaimed,
    uninformative: rec.uninformative,
    durationMs: Date.now() - started,
    evolution: rec.evolution,
    firstMismatch: rec.firstMismatch,
    graph,
    twin,
    pairing: rec.pairing,
    facts: rec.facts,
    ...(reference ? { reference } : {}),
  };
}

/**
 * What building left: tensors besides the variables (a `resources`
 * divergence when the sides differ), and variables a side created but
 * never exposes — state the model holds out of reach of training, saving
 * and `dispose()`, named as an `inventory` divergence.
 */
function recordBuildResources(b: BuildOutcome, rec: CaseRecorder): void {
  const s = b.subclass as Extract<BuildOutcome[SideName], { side: Side }>;
  const f = b.functional as Extract<BuildOutcome[SideName], { side: Side }>;
  rec.resourcesAt(
    'build',
    { tensors: s.left.tensors, variables: 0 },
    { tensors: f.left.tensors, variables: 0 },
    'building and the first call (variables aside)',
  );
  if (s.unexposed.length === f.unexposed.length) return;
  const list = (side: SideName, u: { name: string; shape: number[] }[]) =>
    u.length > 0 ? `; ${side}: ${u.map((v) => `'${stableName(v.name)}' [${v.shape.join(', ')}]`).join(', ')}` : '';
  rec.diverge({
    kind: 'inventory',
    checkpoint: 'build',
    key: 'unexposed',
    message: `variables created but not exposed as weights: subclass ${s.unexposed.length}, functional ${f.unexposed.length}${list('subclass', s.unexposed)}${list('functional', f.unexposed)}`,
  });
}

/** A pair's functional graph for the report; a model tfjs cannot describe gets none (a picture never changes a verdict). */
function graphOf(side: Side): ModelGraph | undefined {
  try {
    return side.net instanceof tf.LayersModel ? modelGraph(side.net) : undefined;
  } catch {
    return undefined;
  }
}

/** What each side's own code threw while it was built and first called. */
function errorsOf(b: BuildOutcome): Partial<Record<SideName, unknown>> {
  const out: Partial<Record<SideName, unknown>> = {};
  for (const [k, v] of Object.entries(b)) if ('error' in v && !v.ours) out[k as SideName] = v.error;
  return out;
}

/** What the harness's own code threw while building a side. */
function harnessErrorsOf(b: BuildOutcome): Partial<Record<SideName, unknown>> {
  const out: Partial<Record<SideName, unknown>> = {};
  for (const [k, v] of Object.entries(b)) if ('error' in v && v.ours) out[k as SideName] = v.error;
  return out;
}

/** Records a fresh build for a later checkpoint (`fit`, `dispose`); true when that checkpoint cannot run. */
function recordRebuild(checkpoint: string, b: BuildOutcome, rec: CaseRecorder): boolean {
  return rec.probed(checkpoint, { errors: errorsOf(b), harness: harnessErrorsOf(b) });
}

/** What building each side left alive (both sides built). */
function leftOf(b: BuildOutcome): Partial<Record<SideName, LiveCounts>> {
  const out: Partial<Record<SideName, LiveCounts>> = {};
  for (const [k, v] of Object.entries(b)) if ('left' in v) out[k as SideName] = v.left;
  return out;
}

function sidesOf(b: BuildOutcome): Record<SideName, Side> {
  return { subclass: (b.subclass as { side: Side }).side, functional: (b.functional as { side: Side }).side };
}

/**
 * Records the build checkpoint; true when the case cannot go on. A spec
 * both sides reject counts as an agreed error only when shape inference
 * predicted the rejection: otherwise the catalogue failed to foresee what
 * tfjs does, a fault of the harness, never agreement.
 */
function recordBuild(b: BuildOutcome, rec: CaseRecorder, fromSpec: boolean, predicted: string | undefined): boolean {
  const errs = errorsOf(b);
  if (Object.keys(harnessErrorsOf(b)).length > 0)
    return rec.probed('build', { errors: errs, harness: harnessErrorsOf(b) });
  if (rec.sideErrors('build', errs)) {
    const both = rec.errors.find((e) => e.side === 'both' && e.checkpoint === 'build');
    if (both && fromSpec && predicted === undefined) {
      rec.harness(
        'build',
        new Error(`both sides rejected the spec at build, but shape inference predicted no rejection: ${both.message}`),
      );
    }
    return true;
  }
  if (predicted) {
    // Both sides built what shape inference says tfjs rejects: the catalogue is wrong.
    rec.harness('build', new Error(`shape inference predicted a rejection (${predicted}) but both sides built`));
    return true;
  }
  rec.reached('build');
  return false;
}
