import { catalogue, UNPROVEN_ONE_SIDED } from '../architecture/catalogue';
import { allLayers, nestedSpecs } from '../architecture/nestedSpecs';
import { outputIndexOf } from '../architecture/valueRef';
import type { ModelSpec } from '../architecture/types';

/**
 * How often each kind the generator can produce appeared in generated specs
 * (every such kind listed, 0 if never). Kinds it leaves out on purpose
 * (UNPROVEN_ONE_SIDED) are not listed: a 0 there would be no gap in coverage.
 */
export function coverageOf(specs: ModelSpec[]): Record<string, number> {
  const generated = [...catalogue.keys()].filter((k) => !(k in UNPROVEN_ONE_SIDED)).sort();
  const counts: Record<string, number> = Object.fromEntries(generated.map((k) => [k, 0]));
  // A kind drawn inside a nested block is generated too.
  for (const l of specs.flatMap(allLayers)) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
  return counts;
}

/** Whether a spec layer's config sets a field ending in `suffix` (e.g. `Constraint`). */
const sets = (config: Record<string, unknown> | undefined, suffix: string) =>
  Object.entries(config ?? {}).some(([k, v]) => k.endsWith(suffix) && v !== undefined);

/** Conv kinds tfjs takes a `dilationRate` for (it ignores it in depthwiseConv2d and the transposes). */
const DILATED_KINDS = [
  'conv1d',
  'conv2d',
  'conv3d',
  'depthwiseConv2d',
  'separableConv2d',
  'conv2dTranspose',
  'conv3dTranspose',
  'convLstm2d',
];

/**
 * What real models do that the generator reaches, each with a test for
 * whether a spec has it. Every feature is listed (0 if never reached), so
 * the coverage line shows a gap as plainly as a missing layer kind.
 */
export const FEATURES: Readonly<Record<string, (spec: ModelSpec) => boolean>> = {
  'block with two outputs': (s) => allLayers(s).some((l) => l.kind === 'block' && blockOutputs(l.config) > 1),
  'second output into dropout/noise': (s) =>
    nestedSpecs(s).some((m) => {
      const kind = new Map(m.layers.map((l) => [l.id, l.kind]));
      return m.nodes.some(
        (n) => TRAINING_ONLY.has(kind.get(n.layer) ?? '') && n.inputs.some((r) => outputIndexOf(r) > 0),
      );
    }),
  'returnState RNN': (s) => allLayers(s).some((l) => l.config?.returnState === true),
  'sublayers in an array': (s) => nestedSpecs(s).some((m) => m.subclassHolding === 'array'),
  'sublayers in an object': (s) => nestedSpecs(s).some((m) => m.subclassHolding === 'object'),
  'weight constraint': (s) => allLayers(s).some((l) => sets(l.config, 'Constraint')),
  'activity regularizer': (s) => allLayers(s).some((l) => l.config?.activityRegularizer !== undefined),
  ...Object.fromEntries(
    DILATED_KINDS.map((k) => [
      `dilated ${k}`,
      (s: ModelSpec) =>
        allLayers(s).some((l) => l.kind === k && [l.config?.dilationRate].flat().some((d) => (d as number) > 1)),
    ]),
  ),
  masking: (s) => allLayers(s).some((l) => l.kind === 'masking'),
  'layer frozen/unfrozen between steps': (s) => s.layers.some((l) => l.trainableSchedule !== undefined),
  'addLoss in call()': (s) => allLayers(s).some((l) => l.kind === 'penalizedScale'),
  'stateful RNN (fixed batch)': (s) => s.layers.some((l) => l.config?.stateful === true),
};

const TRAINING_ONLY = new Set(['dropout', 'gaussianNoise', 'gaussianDropout', 'alphaDropout']);
const blockOutputs = (config: Record<string, unknown> | undefined) =>
  (config?.spec as ModelSpec | undefined)?.outputs.length ?? 1;

/** How many generated specs reached each of {@link FEATURES} (every feature listed). */
export function featuresOf(specs: ModelSpec[]): Record<string, number> {
  return Object.fromEntries(Object.entries(FEATURES).map(([name, has]) => [name, specs.filter(has).length]));
}
