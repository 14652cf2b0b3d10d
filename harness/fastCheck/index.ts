/**
 * `parity-check/fast-check`: the harness's generators as fast-check
 * arbitraries, for property tests of a user's own code (with
 * `@fast-check/jest`'s `test.prop`, or `fc.assert`).
 *
 * fast-check recognises an arbitrary by its methods, not by its class, so
 * these work with the user's own fast-check 4.x whether or not npm dedupes
 * it with ours; `fc` is re-exported for combining them without a second
 * install.
 */
import fc from 'fast-check';
import {
  DEFAULT_SIZES,
  caseArbitrary as rawCaseArbitrary,
  decodeRecipe,
  recipeArbitrary,
  validateSpec,
  type CaseOptions,
  type ModelSpec,
  type RawCase,
  type SizeOptions,
} from '../index';
import { planGenerated } from '../campaign/runGenerated';

export { fc };

/** How big generated models get. */
export interface ArbitraryOptions {
  /** Most construction steps per model (default 6, as `--max-steps`). */
  maxSteps?: number;
  /** Most inputs per model (default 2, as `--max-inputs`). */
  maxInputs?: number;
  /** The name generated specs get (default `generated`). */
  name?: string;
}

const sizesOf = (o: ArbitraryOptions): SizeOptions => ({
  maxSteps: o.maxSteps ?? DEFAULT_SIZES.maxSteps,
  maxInputs: o.maxInputs ?? DEFAULT_SIZES.maxInputs,
});

/**
 * Valid model specs, as the fuzz campaign generates them (every shrink
 * still decodes to a valid spec). Check one with `checkSpec(spec)`.
 */
export function specArbitrary(options: ArbitraryOptions = {}): fc.Arbitrary<ModelSpec> {
  const sizes = sizesOf(options);
  return recipeArbitrary(sizes.maxSteps).map((recipe) =>
    validateSpec(decodeRecipe(recipe, options.name ?? 'generated', sizes), 'generated spec'),
  );
}

/** A generated case: its spec, the options it drew, and the token that replays it. */
export interface GeneratedCase {
  spec: ModelSpec;
  /** Optimizer, learning rate, steps, batch size and loss, as `checkSpec(spec, options)` takes them. */
  options: CaseOptions;
  /** `npx parity-check --replay <token>` (or `checkReplay(token)`) reruns exactly this case. */
  replay: string;
  /** The raw choices it was decoded from. */
  raw: RawCase;
}

/**
 * Whole generated cases (spec and training options), as `--runs` draws
 * them. `checkReplay(c.replay)` runs one exactly as the CLI replays it, so
 * a failing matcher message names the replay command.
 */
export function caseArbitrary(options: ArbitraryOptions & { seed?: number } = {}): fc.Arbitrary<GeneratedCase> {
  const sizes = sizesOf(options);
  return rawCaseArbitrary(sizes.maxSteps).map((raw) => {
    const job = planGenerated(
      raw,
      { name: options.name ?? 'generated', seed: options.seed ?? 42, sizes, backend: 'auto' },
      0,
    );
    const c = job.config;
    const spec = (job.source as { spec: ModelSpec }).spec;
    return {
      spec,
      options: {
        optimizer: c.optimizer,
        optimizerOptions: c.optimizerOptions,
        steps: c.steps,
        batchSize: c.batchSize,
        loss: c.loss,
        seed: c.seed,
      },
      replay: job.generated!.replay,
      raw,
    };
  });
}
