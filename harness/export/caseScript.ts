import type { Tf } from '../runtime/tf';
import type { Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../architecture/types';
import { buildFunctional } from '../construct/buildFunctional';
import { buildSubclass } from '../construct/buildSubclass';
import type { Side } from '../construct/Side';
import type { CaseResult } from '../engine/CaseResult';
import { UsageError } from '../errors';
import { LOSSES, makeTarget, type LossName } from '../runtime/losses';
import { makeInputs } from '../runtime/makeInputs';
import { makeOptimizer, OPTIMIZERS, type OptimizerName } from '../runtime/makeOptimizer';
import { seedFor } from '../runtime/seedFor';
import { openLedger } from '../runtime/tensorLedger';
import { tf } from '../runtime/tf';
import { scheduleOf } from '../checkpoints/trainableChanges';
import { CASE_RUNNER } from './caseRunner';
import { codeOf, literal } from './codeOf';
import { embeddedLiteral, embedTensor, type EmbeddedTensor } from './embedTensor';
import { findingTarget } from './findingTarget';
import { SCRIPT_HELPERS } from './scriptHelpers';
import { scriptImports } from './scriptImports';
import { CONSTRUCTION_HELPERS, specCode } from './specCode';

/** The per-sample loss as source (what tfjs-layers' `compile({loss})` uses), and what `compile` takes. */
export function lossCode(loss: LossName): string {
  const perSample =
    loss === 'huberLoss'
      ? '(t, y) => tf.losses.huberLoss(t, y, undefined, 1, tf.Reduction.NONE).mean(-1)'
      : `(t, y) => tf.metrics.${loss}(t, y)`;
  return `const perSample = ${perSample};
/** Data loss: the mean over the batch of the per-sample loss, summed over the outputs. */
const dataLoss = (targets, outputs) => tf.addN(outputs.map((y, i) => tf.mean(perSample(targets[i], y))));
const COMPILE_LOSS = ${loss === 'huberLoss' ? 'perSample' : JSON.stringify(loss)};`;
}

/** Reads a tensor and embeds it. */
const embed = (t: Tensor) => embedTensor(t.dtype, t.shape, t.dataSync() as ArrayLike<number>);

/**
 * The case's data, computed as the engine computes it: seeded inputs, the
 * targets at the shapes the functional model really returns, and every
 * initial weight by structural key (read from a functional build; the
 * subclass side starts bit-identical by its seeds, and the script assigns
 * both sides these values by key). Leaves nothing alive.
 */
function caseData(spec: ModelSpec, seed: number, batch: number, loss: LossName) {
  const before = new Set(Object.keys(tf.engine().state.registeredVariables));
  // What tfjs itself keeps (an RNN's dropout masks outlive its call) is freed too, as the engine's ledger frees it.
  const ledger = openLedger();
  const inputs = makeInputs(spec.inputs, batch, seed);
  try {
    const outputShapes = (side: Side) =>
      tf.tidy(() => {
        const y = side.net.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as Tensor | Tensor[];
        return (Array.isArray(y) ? y : [y]).map((t) => t.shape.slice(1));
      });
    // A case whose finding is that the functional side fails to build takes its data from the subclass side.
    // When both fail (an agreed-error at the first call), there is nothing to embed but the inputs: the script keeps
    // the seeded initializers, as for any finding before init, and shows both sides throwing.
    let side: Side;
    let outs: number[][];
    try {
      side = buildFunctional(spec, seed);
      outs = outputShapes(side);
    } catch {
      try {
        side = buildSubclass(spec, seed);
        outs = outputShapes(side);
      } catch {
        return { inputs: inputs.map(embed), targets: [], weights: {} };
      }
    }
    const targets = outs.map((shape, i) => makeTarget(loss, [batch, ...shape], seedFor(seed, 'target', String(i))));
    const weights: Record<string, EmbeddedTensor> = {};
    for (const w of side.net.weights) weights[side.keys!.get(w.name)!] = embed(w.read());
    const data = { inputs: inputs.map(embed), targets: targets.map(embed), weights };
    tf.dispose(targets);
    return data;
  } finally {
    tf.dispose(inputs);
    ledger.reclaim();
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name)) v.dispose();
  }
}

/**
 * A standalone script for one spec case's result: a single `.mjs` that
 * imports only tfjs (`-node` when it ran on tensorflow), builds both
 * constructions as readable code, embeds the exact initial weights, inputs
 * and targets, runs to the case's first finding only, prints both values
 * and exits 1 while the behaviour shows, 0 once it is gone. Uses the
 * current tfjs backend to compute the data (seeded ops compute the same
 * values on every backend); the script runs on the backend the case ran on.
 */
export function caseScript(result: CaseResult): string {
  const name = `case '${result.name}'`;
  if (!result.spec)
    throw new UsageError(`${name}: not a spec case (export a pair module with --pair FILE); nothing to export here`);
  if (result.config.mutant)
    throw new UsageError(
      `${name}: ran with mutant '${result.config.mutant}', a fault the harness injects into its own subclass, not a tfjs behaviour; not exported`,
    );
  const c = result.config;
  if (!(LOSSES as readonly string[]).includes(c.loss)) throw new UsageError(`${name}: unknown loss '${c.loss}'`);
  if (!(OPTIMIZERS as readonly string[]).includes(c.optimizer))
    throw new UsageError(`${name}: unknown optimizer '${c.optimizer}'`);
  if (c.tolerance !== 'exact')
    throw new UsageError(`${name}: ran with tolerance ${c.tolerance}; exported scripts compare exactly`);
  const target = findingTarget(result);
  const spec = result.spec;
  const data = caseData(spec, c.seed, c.batchSize, c.loss as LossName);
  // Before init the seeded initializers are what is under test: the script keeps them rather than overwrite them.
  const weights = ['build', 'init'].includes(target.checkpoint) ? null : data.weights;
  const { lines, run } = scriptImports([result.backend]);
  const optimizer = literal(makeOptimizer(c.optimizer as OptimizerName, c.optimizerOptions, codeOf<Tf>('tf')));
  return `// parity-check repro: ${name} (spec '${spec.name}'), backend ${result.backend}, tfjs ${tf.version.tfjs}.
// The case found: ${target.what}
// This script builds the model twice — a tf.layers.Layer subclass and its functional tf.model twin — with the
// case's exact initial weights, inputs and targets, runs the harness's checkpoints up to '${target.checkpoint}' only,
// prints both values where they first differ (or what a side threw), and exits 1 while the behaviour is present,
// 0 once it is gone. Generated by \`npx parity-check export\`; the constructions below are what the harness built.
// Run: ${run}
${lines.join('\n')}

const SEED = ${c.seed};
const BACKEND = ${JSON.stringify(result.backend)};
const TARGET = ${JSON.stringify(target.checkpoint)};
const STEPS = ${c.steps};
const BATCH = ${c.batchSize};
const FIT = ${c.fit};
const RELOAD = ${c.reload};
const LAYER_IDS = ${JSON.stringify(spec.layers.map((l) => l.id))};
const INPUT_SPECS = ${literal(spec.inputs.map((i) => ({ ...(i.batchSize === undefined ? { shape: i.shape } : { batchShape: [i.batchSize, ...i.shape] }), dtype: i.dtype ?? 'float32' })))};
/** Changes of a layer's trainable flag the case makes before a custom-loop step (its spec's trainableSchedule). */
const SCHEDULE = ${literal(scheduleOf(spec).map((c) => ({ layer: c.layer, beforeStep: c.beforeStep, trainable: c.trainable })))};
const makeOptimizer = () => ${optimizer};
${lossCode(c.loss as LossName)}
${CONSTRUCTION_HELPERS}
${specCode(spec, c.seed)}
/** Both constructions, each a fresh build. */
const makeSides = () => ({ subclass: () => new Subclass0(), functional: () => functional0() });
${SCRIPT_HELPERS}
// ---- the case's data: exact bytes, base64
const INPUTS = ${embeddedLiteral(data.inputs)};
const TARGETS = ${embeddedLiteral(data.targets)};
/** Initial weights by structural key (layer id / weight name below the layer's scope)${weights ? '' : ': none — the seeded initializers are what this case is about'}. */
const WEIGHTS = ${weights ? embeddedLiteral(weights) : 'null'};
${CASE_RUNNER}`;
}
