import type { Tensor } from '@tensorflow/tfjs';
import type { CaseConfig } from '../checkpoints/CaseConfig';
import { buildFact } from '../checkpoints/buildFact';
import type { BuildFact, LayerFact } from '../checkpoints/CaseFacts';
import type { CaseHooks } from '../checkpoints/CaseHooks';
import { SideFault, userPath } from '../checkpoints/onBothSides';
import { layerFacts } from '../checkpoints/layerFacts';
import { buildFunctional } from '../construct/buildFunctional';
import { buildSubclass } from '../construct/buildSubclass';
import { factoryResultProblem } from '../construct/checkFactoryResult';
import type { PairContext } from '../construct/PairModule';
import { seededInitializer } from '../construct/seededInitializer';
import { SIDES, type Side, type SideName } from '../construct/Side';
import { traceLayerCalls } from '../construct/traceLayerCalls';
import { tensorsIn } from '../trace/tensorsIn';
import { LiveSnapshot, type LiveCounts } from '../runtime/liveCounts';
import { seedFor } from '../runtime/seedFor';
import { seedGlobalRandom } from '../runtime/seedRandom';
import { tf } from '../runtime/tf';
import type { CaseSource } from './CaseSource';

/**
 * Each side built — with the non-variable tensors building it and its first
 * call left alive, and the variables it created but does not expose — or
 * the error it threw (with the facts of its layers when it was constructed
 * before failing).
 */
export type BuildOutcome = Record<
  SideName,
  | {
      side: Side;
      facts?: LayerFact[];
      build?: BuildFact;
      left: LiveCounts;
      unexposed: { name: string; shape: number[] }[];
    }
  | { error: unknown; facts?: LayerFact[]; ours?: true }
>;

/** A pair side from its factory, which may be async (awaited here, as at every call of a factory). */
async function pairSide(
  source: Extract<CaseSource, { kind: 'pair' }>,
  name: SideName,
  caseSeed: number,
): Promise<Side> {
  const ctx: PairContext = {
    tf,
    init: (key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', seedFor(caseSeed, 'pair', key)),
  };
  const net = await source.pair[name](ctx);
  const problem = factoryResultProblem(name, net, tf);
  if (problem) throw new Error(problem);
  return { name, net: net, outputShapes: [] };
}

/** A side's layer facts; a failure to read them is the harness's, never the side's (so it is not blamed on it). */
function factsOf(side: Side): LayerFact[] | undefined {
  try {
    return layerFacts(side);
  } catch {
    return undefined;
  }
}

/** A side's build fact; like its layer facts, a failure to read it is the harness's, never the side's. */
function factOf(side: Side, unexposed: string[]): BuildFact | undefined {
  try {
    return buildFact(side, unexposed);
  } catch {
    return undefined;
  }
}

/** How `buildSides` prepares the sides. */
export interface BuildOptions {
  /**
   * One eager inference call on each side after building, as a user makes
   * before reading a custom layer's weights (sublayers build on their first
   * call). Off for `fit`, which follows a user's `tf.model → compile → fit`
   * path exactly, and must show what that path shows.
   */
  warmUp: boolean;
  hooks?: CaseHooks;
}

/**
 * Builds both sides (and warms them up, see {@link BuildOptions}). The
 * warm-up call is traced — which layer took which tensors — for the pair
 * alignment, and its outputs give the concrete output shapes (a
 * variable-length axis has its size only there).
 *
 * Unseeded initializers draw from `Math.random`, which the harness seeds.
 * Spec cases reseed it identically before each side: the builders seed every
 * weight themselves, and a tfjs initializer that ignores its seed should not
 * turn every case using it into a finding. Pair cases seed it once and build
 * the sides one after the other, as two models built in one user process are:
 * unseeded initializers then differ, as they do for the user.
 */
export async function buildSides(
  source: CaseSource,
  config: CaseConfig,
  inputs: Tensor[],
  salt: string,
  options: BuildOptions,
): Promise<BuildOutcome> {
  const out = {} as BuildOutcome;
  seedGlobalRandom(`${config.seed}:${salt}`);
  for (const name of SIDES) {
    if (source.kind === 'spec') seedGlobalRandom(`${config.seed}:${salt}`);
    const before = new Set(Object.keys(tf.engine().state.registeredVariables));
    const snapshot = new LiveSnapshot();
    let facts: LayerFact[] | undefined;
    try {
      let side: Side;
      if (source.kind === 'spec')
        side = userPath(() =>
          name === 'subclass'
            ? buildSubclass(source.spec, config.seed, config.mutant)
            : buildFunctional(source.spec, config.seed),
        );
      else side = await userPath(() => pairSide(source, name, config.seed));
      // A counterfactual's change to the side's model is part of that side's path (a triage rerun).
      userPath(() => options.hooks?.afterConstruct?.(side));
      facts = factsOf(side);
      if (options.warmUp) {
        // The call as a user makes it, no tidy around it: what building and
        // the first call leave alive is counted (a build() that returns its
        // trace from tf.tidy keeps that tensor for good).
        const { result, calls } = traceLayerCalls(() =>
          userPath(() => side.net.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false })),
        );
        const outs = tensorsIn(result);
        side.trace = { calls, inputs: inputs.map((t) => t.id), outputs: outs.map((t) => t.id) };
        side.outputShapes = outs.map((t) => t.shape.slice(1));
        tf.dispose(outs.filter((t) => !inputs.includes(t)));
      }
      side.createdVariables = Object.keys(tf.engine().state.registeredVariables).filter((v) => !before.has(v));
      // Weights are what building is for; anything else still alive was left by the side's code.
      // Read only after the first call, as a user would: an unbuilt custom layer's weight getters
      // may not work yet (and tfjs never reads them before building).
      let unexposed: { name: string; shape: number[] }[] = [];
      if (options.warmUp) {
        const exposed = userPath(() => side.net.weights).map((w) => w.name);
        const vars = tf.engine().state.registeredVariables;
        unexposed = side.createdVariables
          .filter((v) => !exposed.includes(v))
          .map((v) => ({ name: v, shape: [...vars[v].shape] }));
      }
      const left = snapshot.leftSince(side.createdVariables);
      out[name] = {
        side,
        facts,
        build: options.warmUp
          ? factOf(
              side,
              unexposed.map((u) => u.name),
            )
          : undefined,
        left,
        unexposed,
      };
    } catch (error) {
      // The side's own code (its factory, its first call, its getters) failed, or the harness around it did.
      out[name] = error instanceof SideFault ? { error: error.error, facts } : { error, facts, ours: true };
    }
  }
  // Targets need the functional model's real output shapes: when a side was not warmed up, take its symbolic ones.
  const f = out.functional;
  if ('side' in f && f.side.outputShapes.length === 0) {
    const model = f.side.net as InstanceType<typeof tf.LayersModel>;
    f.side.outputShapes = model.outputs.map((o) => o.shape.slice(1) as number[]);
  }
  return out;
}
