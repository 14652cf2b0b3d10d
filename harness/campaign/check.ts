import { loadPair, validatePair, type PairModule } from '../construct/PairModule';
import type { CaseOrigin, CaseResult } from '../engine/CaseResult';
import type { CaseSource } from '../engine/CaseSource';
import { preflightPair } from '../engine/preflightPair';
import { overrides, ranConfig, resolveBackend, resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { ParityError, UsageError } from '../errors';
import type { SizeOptions } from '../generate/decodeRecipe';
import { decoderVersion } from '../generate/decoderVersion';
import { decodeReplay } from '../generate/replayToken';
import { hashText } from '../runtime/hashText';
import { packageVersion } from '../runtime/packageVersion';
import { selectBackend } from '../runtime/selectBackend';
import { tf } from '../runtime/tf';
import { loadSpecFile } from '../spec/loadSpecFile';
import type { ModelSpec } from '../spec/types';
import { validateSpec } from '../spec/validateSpec';
import { summarize } from '../triage/summarize';
import { fuzzCampaign } from './fuzzCampaign';
import { runCases, type PlannedCase } from './runCases';
import { decodeGenerated, runGenerated } from './runGenerated';
import type { FuzzSummary, RunResult } from './RunResult';

/** What to check, and how. Case options left out keep their defaults (or what a pair or generated case asks for). */
export interface CheckOptions extends CaseOptions {
  backend?: string;
  /** Known findings count as failures too (exit code, JUnit). */
  strict?: boolean;
  /** Spec files to load. */
  specFiles?: string[];
  /** Specs given as objects (validated here). */
  specs?: { spec: unknown; origin?: CaseOrigin; name?: string }[];
  /** Pair module files to load. */
  pairFiles?: string[];
  /** Pair modules given as objects. */
  pairs?: PairModule[];
  /** A fuzz campaign to run after the given specs and pairs (its seed defaults to `seed`). */
  fuzz?: { runs: number; seed?: number; sizes?: SizeOptions; shrink?: boolean; shrinkKnown?: boolean };
  /** A replay token: rerun exactly that generated case. */
  replay?: string;
  /** Called after each case, e.g. to print progress. */
  onCase?: (r: CaseResult) => void;
}

/** The case options the user actually gave (absent ones are not options). */
function givenOptions(o: CheckOptions): CaseOptions {
  const fields = ['seed', 'optimizer', 'optimizerOptions', 'steps', 'batchSize', 'loss', 'tolerance', 'fit', 'reload', 'mutant'] as const;
  const out: CaseOptions = {};
  for (const f of fields) if (o[f] !== undefined) (out as Record<string, unknown>)[f] = o[f];
  if (out.optimizerOptions && Object.values(out.optimizerOptions).every((v) => v === undefined)) delete out.optimizerOptions;
  return out;
}

/** A pair's own training choices, as options below the user's. */
const declared = (p: PairModule): CaseOptions => ({ loss: p.loss, optimizer: p.optimizer, optimizerOptions: p.optimizerOptions });

/**
 * Loads and validates everything first — any bad input throws a
 * {@link ParityError} before a single case runs — then runs every case,
 * judges it (known causes proven on the case) and returns the run's result
 * as data. Divergences do not throw. Every option applies to every case —
 * spec, pair, generated, replayed — and each case records the config it ran.
 */
export async function check(options: CheckOptions): Promise<RunResult> {
  const started = Date.now();
  const given = givenOptions(options);
  const runConfig = resolveCaseConfig(given);
  const backend = resolveBackend(options.backend);
  const strict = options.strict ?? false;
  const sources: CaseSource[] = [];
  for (const file of options.specFiles ?? []) {
    const spec = loadSpecFile(file);
    sources.push({ kind: 'spec', name: spec.name, spec, file, origin: 'fixture' });
  }
  for (const s of options.specs ?? []) {
    const spec: ModelSpec = validateSpec(s.spec);
    sources.push({ kind: 'spec', name: s.name ?? spec.name, spec, origin: s.origin ?? 'spec' });
  }
  for (const file of options.pairFiles ?? []) sources.push({ kind: 'pair', name: '', pair: await loadPair(file), file });
  for (const p of options.pairs ?? []) sources.push({ kind: 'pair', name: '', pair: validatePair(p, `pair '${(p as PairModule)?.name ?? '?'}'`) });
  const replay = options.replay !== undefined ? planReplay(options.replay) : undefined;
  if (sources.length === 0 && !options.fuzz && !replay) throw new ParityError('nothing to check: give spec files, pair modules, specs, a fuzz run or a replay token');
  const planned: PlannedCase[] = sources.map((s) => {
    if (s.kind !== 'pair') return { source: s, config: runConfig };
    s.name = s.pair.name;
    const mine = declared(s.pair);
    // A mutant is a fault of the harness's own subclass builder: a pair's subclass is the user's, so it runs as written.
    const notes = [...overrides(mine, given, 'the pair module'), ...(given.mutant ? [`--mutant ${given.mutant} changes the harness's own subclass builder, not a pair module's: not applied`] : [])];
    return { source: s, config: resolveCaseConfig(mine, { ...given, mutant: undefined }), notes };
  });
  const choice = await selectBackend(backend);
  for (const s of sources) if (s.kind === 'pair') preflightPair(s.pair, s.file ?? `pair '${s.pair.name}'`);
  const cases = await runCases(planned, backend, options.onCase);
  let fuzz: FuzzSummary | undefined;
  if (options.fuzz) {
    const r = await fuzzCampaign({ ...options.fuzz, seed: options.fuzz.seed ?? runConfig.seed, backend, mutant: runConfig.mutant, options: given, onCase: options.onCase });
    cases.push(...r.cases);
    fuzz = r.fuzz;
  }
  if (replay) {
    const { result } = await runGenerated(replay.token.case, {
      name: replay.token.case.name,
      seed: replay.token.case.seed,
      mutant: given.mutant ?? replay.token.case.mutant,
      sizes: replay.token.case.sizes,
      backend,
      options: { ...(replay.token.case.options as CaseOptions), ...given },
    });
    result.source = 'replay';
    if (replay.note) result.notes = [replay.note, ...(result.notes ?? [])];
    cases.push(result);
    options.onCase?.(result);
  }
  return {
    tool: { name: 'parity-check', version: packageVersion() },
    tfjs: { version: tf.version.tfjs, backend: choice.backend, skippedBackends: choice.skipped },
    config: { ...ranConfig(runConfig), backend, strict },
    summary: summarize(cases, strict),
    ...(fuzz ? { fuzz } : {}),
    cases,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

/**
 * Decodes a replay token and checks, before anything runs, that its recipe
 * still decodes to the model it named: a token from a parity-check whose
 * decoder differs would otherwise replay some other model under its name.
 * A token from another tfjs version replays (that is how one checks a bug
 * in a new release), with a note saying so.
 */
function planReplay(text: string) {
  const token = decodeReplay(text);
  const spec = decodeGenerated(token.case, { name: token.case.name, sizes: token.case.sizes });
  if (hashText(JSON.stringify(spec)) !== token.stamp.spec) {
    const why = token.stamp.decoder === decoderVersion() ? 'the same decoder version, so the token was altered' : `its decoder ${token.stamp.decoder}, this parity-check's ${decoderVersion()}`;
    throw new UsageError(`replay token for '${token.case.name}' decodes to a different model here than where it was made (${why}): it cannot replay that case; rerun the campaign that found it (same --seed and --runs) with this version`);
  }
  const note = token.stamp.tfjs !== tf.version.tfjs ? `replayed on tfjs ${tf.version.tfjs}; the token was made with tfjs ${token.stamp.tfjs} (the same model, another tfjs)` : undefined;
  return { token, note };
}
