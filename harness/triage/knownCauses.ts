import type { CaseResult } from '../engine/result';
import { allLayers, blockSpecOf, nestedSpecs } from '../spec/nestedSpecs';
import type { LayerSpec } from '../spec/types';

/**
 * A documented tfjs behaviour that explains a divergence, recognised by the
 * structure of the case rather than by its signature (the same cause shows
 * under many signatures: a BatchNorm or a block, `loss` or `state`).
 * Each has a regression fixture that `npm test` replays.
 */
export interface KnownCause {
  id: string;
  /** The regression fixture(s) under fixtures/regressions/ that record it. */
  fixture: string;
  summary: string;
  matches(c: CaseResult): boolean;
}

/** True when some layer of the case's spec (blocks included) satisfies `test`; pair cases have no spec. */
const hasLayer = (c: CaseResult, test: (l: LayerSpec) => boolean): boolean => !!c.spec && allLayers(c.spec).some(test);

/** True when some spec of the case (the model or a block) has a layer, applied more than once, that satisfies `test`. */
const hasSharedLayer = (c: CaseResult, test: (l: LayerSpec) => boolean = () => true): boolean =>
  !!c.spec && nestedSpecs(c.spec).some((s) => s.layers.some((l) => s.nodes.filter((n) => n.layer === l.id).length > 1 && test(l)));

/** The case's first divergence is an error of the functional side's reloaded model (the subclass side reloaded). */
const functionalReloadError = (c: CaseResult): boolean =>
  c.divergences[0]?.kind === 'error' && c.divergences[0].checkpoint === 'reload' && c.errors.some((e) => e.side === 'functional' && e.checkpoint === 'reload');

/** A layer with a regularizer of its own, or a block holding one at any depth. */
const regularized = (l: LayerSpec): boolean => Object.keys(l.config ?? {}).some((k) => k.endsWith('Regularizer')) || (blockSpecOf(l)?.layers ?? []).some(regularized);

/**
 * Layers whose every training call changes state or draws unseeded noise, so running one twice is observable.
 * Recurrent layers draw their (unseeded) dropout masks at each call — except `rnn` with an explicit cell,
 * whose mask tfjs never redraws (catalogueCoverage.spec.ts).
 */
const drawsPerCall = (l: LayerSpec): boolean => {
  const c = (l.config ?? {}) as { seeded?: boolean; dropout?: number; recurrentDropout?: number };
  return (
    ['batchNormalization', 'gaussianNoise', 'gaussianDropout', 'alphaDropout'].includes(l.kind) ||
    (['dropout', 'spatialDropout1d'].includes(l.kind) && c.seeded === false) ||
    (['simpleRNN', 'lstm', 'gru', 'bidirectional', 'convLstm2d'].includes(l.kind) && ((c.dropout ?? 0) > 0 || (c.recurrentDropout ?? 0) > 0))
  );
};

/** The causes parity-check knows, in the order they are tried. */
export const KNOWN_CAUSES: KnownCause[] = [
  {
    id: 'shared-regularizer',
    fixture: 'fixtures/regressions/shared-regularized.json',
    summary: "tfjs's Container.calculateLosses counts a shared layer's regularization loss once per application",
    matches: (c) => c.divergences[0]?.checkpoint === 'loss' && hasSharedLayer(c, regularized),
  },
  {
    id: 'multi-output-fit',
    fixture: 'fixtures/regressions/multi-output-*.json',
    summary: "tfjs's functional executor runs a multi-output layer once per output in each fit step",
    matches: (c) =>
      c.divergences[0]?.checkpoint === 'fit' &&
      !!c.spec &&
      c.spec.outputs.length > 1 &&
      hasLayer(c, drawsPerCall),
  },
  {
    id: 'nested-duplicate-weight-names',
    fixture: 'fixtures/regressions/nested-duplicate-weight-names.json',
    summary: "a functional model with two nested tf.models whose layers share a name cannot be saved ('Duplicate weight name')",
    matches: (c) => c.divergences[0]?.kind === 'error' && c.divergences[0].checkpoint === 'reload' && c.errors.some((e) => e.side === 'functional' && /Duplicate weight name/.test(e.message)),
  },
  {
    id: 'shared-layer-dispose',
    fixture: 'fixtures/regressions/shared-layer-dispose.json',
    summary: "tfjs's LayersModel.dispose() leaves the weights of a layer applied more than once (its reference count grows per application, drops once)",
    matches: (c) =>
      c.divergences[0]?.kind === 'resources' &&
      /: subclass 0, functional [1-9]/.test(c.divergences[0].message) &&
      hasSharedLayer(c),
  },
  {
    id: 'depthwise-regularizer-as-constraint',
    fixture: 'fixtures/regressions/depthwise-regularizer-reload.json',
    summary: "tfjs's DepthwiseConv2D.getConfig saves its depthwiseRegularizer as its depthwiseConstraint too, so a reloaded functional model fails",
    matches: (c) =>
      functionalReloadError(c) && hasLayer(c, (l) => l.kind === 'depthwiseConv2d' && (l.config as { depthwiseRegularizer?: unknown })?.depthwiseRegularizer !== undefined),
  },
  {
    id: 'executor-mask-leak',
    fixture: 'fixtures/regressions/masking-mask-leaks-to-later-layers.json',
    summary: "tfjs's functional executor keeps calling every later layer with the last mask it saw (kwargs.mask is never cleared)",
    matches: (c) =>
      c.divergences[0]?.kind === 'error' &&
      c.errors.some((e) => e.side === 'functional') &&
      hasLayer(c, (l) => l.kind === 'masking' || (l.kind === 'embedding' && (l.config as { maskZero?: boolean })?.maskZero === true)),
  },
  {
    id: 'separable-depth-multiplier-not-saved',
    fixture: 'fixtures/regressions/separable-depth-multiplier-reload.json',
    summary: "tfjs's SeparableConv.getConfig leaves out depthMultiplier, so a reloaded functional model has kernels of the wrong shape",
    matches: (c) =>
      functionalReloadError(c) && hasLayer(c, (l) => l.kind === 'separableConv2d' && ((l.config as { depthMultiplier?: number })?.depthMultiplier ?? 1) !== 1),
  },
  {
    id: 'wasm-conv3d-backprop-input',
    fixture: 'fixtures/regressions/wasm/conv3d-transpose-heap-dependent.json',
    summary:
      "tfjs-backend-wasm's Conv3DBackpropInputV2 (conv3dTranspose's forward pass, conv3d's input gradient) bounds its depth loop without the frame's offset: later depth frames lose terms, earlier ones read past the filter, so results depend on where its tensors sit in memory",
    matches: (c) =>
      c.backend === 'wasm' &&
      ['forward', 'activation', 'gradient'].includes(c.divergences[0]?.kind ?? '') &&
      hasLayer(c, (l) => l.kind === 'conv3dTranspose' || l.kind === 'conv3d'),
  },
];

/** The known cause that explains a diverging case, if any. */
export function knownCauseOf(c: CaseResult): KnownCause | undefined {
  return c.verdict === 'divergence' ? KNOWN_CAUSES.find((k) => k.matches(c)) : undefined;
}
