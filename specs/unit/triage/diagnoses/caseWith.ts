import type { CaseError, CaseResult, Divergence } from '../../../../harness';
import type { BuildFact, CaseFacts } from '../../../../harness/checkpoints/CaseFacts';
import type { ResourceRecord } from '../../../../harness/checkpoints/CaseRecorder';

/** The build fact of a correct side: nothing hidden, its own getConfig, shapes as called. */
export const cleanBuild = (over: Partial<BuildFact> = {}): BuildFact => ({
  unexposedSublayerWeights: [],
  unexposedBare: [],
  eagerOutputShapes: [[3]],
  ownGetConfig: true,
  unregisteredClasses: [],
  frozenButTrainable: [],
  penaltiesHeld: 0,
  unmaskedAfterMask: [],
  ...over,
});

/** The facts of a correct pair that ran through every checkpoint (4 trainable weights a side), with `over` on top. */
export function factsWith(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    layers: { subclass: [], functional: [] },
    build: { subclass: cleanBuild(), functional: cleanBuild() },
    exposed: { subclass: { trainable: 4, nonTrainable: 0 }, functional: { trainable: 4, nonTrainable: 0 } },
    trainingIgnored: { subclass: true, functional: true },
    loop: {
      training: { subclass: true, functional: true },
      sharedOptimizer: false,
      penalties: { subclass: 0, functional: 0 },
    },
    compiled: { subclass: { trainable: 4, outputShapes: [[3]] }, functional: { trainable: 4, outputShapes: [[3]] } },
    dispose: { subclass: { survivors: [], multiplyApplied: [] }, functional: { survivors: [], multiplyApplied: [] } },
    ...over,
  };
}

/** A divergence of `kind` at `checkpoint`. */
export const div = (
  kind: Divergence['kind'],
  checkpoint: string,
  key = '',
  message = `${kind} at ${checkpoint}`,
): Divergence => ({ kind, checkpoint, key, message });

/** One side's error at a checkpoint, and the `error` divergence recorded with it. */
export function thrownAt(
  side: 'subclass' | 'functional',
  checkpoint: string,
  message: string,
): { error: CaseError; divergence: Divergence } {
  return {
    error: { side, checkpoint, message },
    divergence: div('error', checkpoint, '', `${side} side threw at ${checkpoint}: ${message}`),
  };
}

/** What each side left alive at a checkpoint. */
export const left = (checkpoint: string, sub: [number, number], fun: [number, number] = [0, 0]): ResourceRecord => ({
  checkpoint,
  subclass: { tensors: sub[0], variables: sub[1] },
  functional: { tensors: fun[0], variables: fun[1] },
});

/** A diverging case with these findings and facts. */
export function caseWith(o: {
  divergences?: Divergence[];
  errors?: CaseError[];
  facts?: CaseFacts;
  resources?: ResourceRecord[];
}): CaseResult {
  return {
    name: 'c',
    source: 'pair',
    verdict: 'divergence',
    divergences: o.divergences ?? [],
    errors: o.errors ?? [],
    checkpoints: [],
    backend: 'cpu',
    config: {} as never,
    resources: o.resources ?? [],
    reclaimedTensors: 0,
    durationMs: 0,
    facts: o.facts ?? factsWith(),
  };
}

export const NO_TRAINABLE =
  'variableGrads() expects at least one of the input variables to be trainable, but none of the 0 variables is trainable.';
