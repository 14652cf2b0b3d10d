import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PairModule } from '../construct/PairModule';
import { loadPair, validatePair } from '../construct/PairModule';
import { formatTolerance } from '../compare/Tolerance';
import { resolveBackend, resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { ParityError } from '../errors';
import { summarize, type CaseOrigin, type CaseResult, type RunResult } from '../engine/result';
import { loadSpecFile } from '../spec/loadSpecFile';
import type { ModelSpec } from '../spec/types';
import { validateSpec } from '../spec/validateSpec';
import { tf } from '../runtime/tf';
import type { CaseSource } from '../engine/CaseSource';
import { preflightPair } from '../engine/preflightPair';
import { runCases } from './runCases';
import { selectBackend } from '../runtime/selectBackend';
import { fuzzCampaign } from './fuzzCampaign';
import { runGenerated } from './runGenerated';
import { decodeReplay } from '../generate/replayToken';
import type { SizeOptions } from '../generate/decodeRecipe';
import { KNOWN_CAUSES, knownCauseOf } from '../triage/knownCauses';
import type { FuzzSummary } from '../engine/result';

/** What to check, and how. */
export interface CheckOptions extends CaseOptions {
  backend?: string;
  /** Spec files to load. */
  specFiles?: string[];
  /** Specs given as objects (validated here). */
  specs?: { spec: unknown; origin?: CaseOrigin; name?: string }[];
  /** Pair module files to load. */
  pairFiles?: string[];
  /** Pair modules given as objects. */
  pairs?: PairModule[];
  /** A fuzz campaign to run after the given specs and pairs. */
  fuzz?: { runs: number; seed: number; sizes?: SizeOptions; shrink?: boolean };
  /** A replay token: rerun exactly that generated case. */
  replay?: string;
  /** Called after each case, e.g. to print progress. */
  onCase?: (r: CaseResult) => void;
}

const version = (): string => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version;

/**
 * Loads and validates everything first — any bad input throws a
 * {@link ParityError} before a single case runs — then runs every case and
 * returns the run's result as data. Divergences do not throw.
 */
export async function check(options: CheckOptions): Promise<RunResult> {
  const started = Date.now();
  const config = resolveCaseConfig(options);
  const backend = resolveBackend(options.backend);
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
  const replay = options.replay !== undefined ? decodeReplay(options.replay) : undefined;
  const choice = await selectBackend(backend);
  for (const s of sources) {
    if (s.kind !== 'pair') continue;
    s.name = s.pair.name;
    preflightPair(s.pair, s.file ?? `pair '${s.pair.name}'`);
  }
  if (sources.length === 0 && !options.fuzz && !replay) throw new ParityError('nothing to check: give spec files, pair modules, specs, a fuzz run or a replay token');
  const cases = await runCases(sources, config, backend, options.onCase);
  let fuzz: FuzzSummary | undefined;
  if (options.fuzz) {
    const r = await fuzzCampaign({ ...options.fuzz, backend, mutant: config.mutant, onCase: options.onCase });
    cases.push(...r.cases);
    fuzz = r.fuzz;
    const byName = new Map(r.cases.map((c) => [c.name, c]));
    for (const f of fuzz.findings) {
      // Known when every case of the finding is explained by one documented cause.
      const causes = new Set(f.cases.map((n) => knownCauseOf(byName.get(n)!)?.id));
      const only = causes.size === 1 ? KNOWN_CAUSES.find((k) => causes.has(k.id)) : undefined;
      if (only) f.known = `${only.id}: ${only.summary} (${only.fixture})`;
    }
  }
  if (replay) {
    const { result } = await runGenerated(replay, { name: replay.name, seed: replay.seed, mutant: replay.mutant, sizes: replay.sizes, backend });
    result.source = 'replay';
    cases.push(result);
    options.onCase?.(result);
  }
  const summary = summarize(cases);
  if (fuzz) summary.knownDivergence = cases.filter((c) => knownCauseOf(c) !== undefined).length;
  return {
    tool: { name: 'parity-check', version: version() },
    tfjs: { version: tf.version.tfjs, backend: choice.backend, skippedBackends: choice.skipped },
    config: { ...config, tolerance: formatTolerance(config.tolerance) },
    summary,
    ...(fuzz ? { fuzz } : {}),
    cases,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}
