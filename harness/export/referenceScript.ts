import type { Tf } from '../runtime/tf';
import type { CaseResult } from '../engine/CaseResult';
import { calibration, phaseOf } from '../reference/referenceTolerance';
import type { ReferenceTolerance } from '../reference/ReferenceResult';
import { lossCode } from './caseScript';
import { codeOf, literal } from './codeOf';
import { embeddedLiteral, embedTensor, type EmbeddedTensor } from './embedTensor';
import type { KerasValues } from './kerasValues';
import { kerasScript } from './kerasScript';
import type { ReferenceFinding } from './referenceFinding';
import { REFERENCE_RUNNER } from './referenceRunner';
import { SCRIPT_HELPERS } from './scriptHelpers';
import { scriptImports } from './scriptImports';
import { CONSTRUCTION_HELPERS, specCode } from './specCode';
import { makeOptimizer, type OptimizerName } from '../runtime/makeOptimizer';
import type { LossName } from '../runtime/losses';
import { tf } from '../runtime/tf';
import type { TensorData } from '../runtime/tensorData';

const embed = (t: TensorData): EmbeddedTensor => embedTensor(t.dtype, t.shape, t.values);

/** A reference case exported: the tfjs script, and the Python script that recomputes Keras's side. */
export interface ReferenceScripts {
  script: string;
  python: string;
  /** The tolerance the script compares under (the case's, for the finding's phase). */
  tolerance: ReferenceTolerance & { scale: number };
}

/**
 * The standalone scripts of a `--reference keras` finding: a plain tfjs
 * script that builds the spec's functional model (readable code, as
 * `export` writes it) with the case's exact initial weights, inputs and
 * targets, computes the value at the finding and compares it with **Keras
 * 3's value, embedded** (computed during the export by the Keras reference
 * process; the header says so, with the Keras and TensorFlow versions and
 * the tolerance), exiting 1 while tfjs differs beyond the case's reference
 * tolerance for that phase, 0 once it agrees; and its Python twin
 * ({@link kerasScript}), which recomputes the embedded numbers with Keras.
 * `jsFile` is the name the tfjs script is written under (the Python
 * script's header names it).
 */
export function referenceScript(
  result: CaseResult,
  finding: ReferenceFinding,
  values: KerasValues,
  jsFile: string,
): ReferenceScripts {
  const spec = result.spec!;
  const c = result.config;
  const phase = phaseOf(finding.checkpoint);
  const tolerance = {
    atol: result.reference!.tolerance[phase].atol,
    rtol: result.reference!.tolerance[phase].rtol,
    // The scale the harness compared this tensor at (its group's); older results did not record it.
    scale:
      result.reference!.comparisons.find((c) => c.checkpoint === finding.checkpoint && c.key === finding.key)?.scale ??
      result.reference!.tolerance.floor ??
      calibration().floor,
  };
  const { lines, run } = scriptImports([result.backend]);
  const optimizer = literal(makeOptimizer(c.optimizer as OptimizerName, c.optimizerOptions, codeOf<Tf>('tf')));
  const v = values.versions;
  const pyFile = `${jsFile.replace(/\.m?js$/, '')}.keras.py`;
  const script = `// parity-check reference repro: case '${result.name}' (spec '${spec.name}'), tfjs ${tf.version.tfjs} on ${result.backend} vs Keras ${v.keras}.
// The case found: ${finding.what}.
// This script builds the spec's tfjs functional model with the case's exact initial weights, inputs and targets,
// computes that value (${finding.value.kind}${'step' in finding.value ? `, custom training loop up to step ${finding.value.step}` : ''}) and compares it with KERAS below.
// KERAS holds Keras 3's numbers, not tfjs's: computed during \`npx parity-check export --reference keras\` by
// parity-check's Keras reference process (tools/keras/keras_reference.py: Keras ${v.keras}, TensorFlow ${v.tensorflow},
// backend ${v.backend}) from these same weights and inputs; ${pyFile} recomputes them with Keras alone.
// Agreement: |tfjs − keras| ≤ atol + rtol · max(|tfjs|, |keras|) per element, rtol ${tolerance.rtol}, atol = rtol × ${tolerance.scale}
// (the largest magnitude among the case's ${finding.checkpoint} tensors of this kind, or this tensor's if larger) — the
// case's calibrated reference tolerance for phase '${phase}' (${result.reference!.tolerance.source}); two libraries' kernels round
// differently, so bits are not expected. Exits 1 while tfjs differs beyond it, 0 once it agrees.
// Run: ${run}
${lines.join('\n')}

const BACKEND = ${JSON.stringify(result.backend)};
const FINDING = ${JSON.stringify({ checkpoint: finding.checkpoint, ...finding.value })};
const TOLERANCE = ${JSON.stringify(tolerance)};
const LAYER_IDS = ${JSON.stringify(spec.layers.map((l) => l.id))};
const makeOptimizer = () => ${optimizer};
${lossCode(c.loss as LossName)}
${CONSTRUCTION_HELPERS}
${specCode(spec, c.seed, { functionalOnly: true })}${SCRIPT_HELPERS}
// ---- the case's data: exact bytes, base64
const INPUTS = ${embeddedLiteral(values.inputs.map(embed))};
const TARGETS = ${embeddedLiteral(values.targets.map(embed))};
/** Initial weights by structural key (layer id / weight name below the layer's scope). */
const WEIGHTS = ${embeddedLiteral(Object.fromEntries([...values.weights].map(([k, t]) => [k, embed(t)])))};
/** Keras 3's value at the finding (Keras ${v.keras}, TensorFlow ${v.tensorflow}): what tfjs is compared with. */
const KERAS = ${JSON.stringify(embed(values.keras))};
${REFERENCE_RUNNER}`;
  const python = kerasScript({
    caseName: result.name,
    jsFile,
    model: values.model,
    inputs: values.inputs,
    targets: values.targets,
    weights: values.weights,
    loss: c.loss,
    optimizer: values.optimizer,
    steps: c.steps,
    value: finding.value,
    what: finding.what,
    keras: values.keras,
    tolerance,
    versions: v,
  });
  return { script, python, tolerance };
}
