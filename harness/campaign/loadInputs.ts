import { existsSync } from 'node:fs';
import { loadSpecFile } from '../architecture/loadSpecFile';
import type { ModelSpec } from '../architecture/types';
import { validateSpec } from '../architecture/validateSpec';
import { validatePair, type PairModule } from '../construct/PairModule';
import type { CaseOrigin } from '../engine/CaseResult';
import { BadModuleError, ParityError, UsageError } from '../errors';
import type { CheckOptions } from './check';
import { planReplay, type PlannedReplay } from './planReplay';
import type { RefusedInput } from './RunResult';

/** A spec ready to become a case: validated, named, with where it came from. */
export interface SpecSource {
  spec: ModelSpec;
  name: string;
  origin: CaseOrigin;
  file?: string;
}

/**
 * Inputs refused so far. A bad file is refused with one line naming it and
 * the others still run; a usage error (a wrong option, not a wrong file) is
 * not an input's fault and is thrown as it is.
 */
export class Refusals {
  readonly refused: RefusedInput[] = [];
  private readonly errors: ParityError[] = [];

  /** Records `input` as refused because of `e`, or rethrows `e` when it is not bad input. */
  add(input: string, e: unknown): void {
    if (!(e instanceof ParityError) || e instanceof UsageError) throw e;
    this.refused.push({ input, message: e.message });
    this.errors.push(e);
  }

  /** The refusals as one error: a single one as itself (its class names what was wrong), several as one. */
  error(): ParityError {
    return this.errors.length === 1 ? this.errors[0] : new ParityError(this.refused.map((r) => r.message).join('\n'));
  }
}

/** Everything the user gave, loaded and checked; pair module files only exist so far (they load where they run). */
export interface LoadedInputs {
  specs: SpecSource[];
  pairObjects: PairModule[];
  pairFiles: string[];
  replay?: PlannedReplay;
  refusals: Refusals;
}

/**
 * Step 1 of `check()`: loads and validates every spec, pair object and
 * replay token before anything runs. When nothing is left to run, the
 * input errors are the whole answer and throw (exit 2).
 */
export function loadInputs(options: CheckOptions): LoadedInputs {
  const refusals = new Refusals();
  const specs: SpecSource[] = [];
  for (const file of options.specFiles ?? []) {
    try {
      const spec = loadSpecFile(file);
      specs.push({ spec, name: spec.name, file, origin: 'fixture' });
    } catch (e) {
      refusals.add(file, e);
    }
  }
  for (const [i, s] of (options.specs ?? []).entries()) {
    try {
      const spec: ModelSpec = validateSpec(s.spec, s.name ? `spec '${s.name}'` : `specs[${i}]`);
      specs.push({ spec, name: s.name ?? spec.name, origin: s.origin ?? 'spec' });
    } catch (e) {
      refusals.add(s.name ?? `specs[${i}]`, e);
    }
  }
  const pairObjects: PairModule[] = [];
  for (const p of options.pairs ?? []) {
    const label = `pair '${p?.name ?? '?'}'`;
    try {
      pairObjects.push(validatePair(p, label));
    } catch (e) {
      refusals.add(label, e);
    }
  }
  const pairFiles: string[] = [];
  // A layer module loads as a pair (its twin derived): the loader tells the two apart.
  for (const file of [...(options.pairFiles ?? []), ...(options.layerFiles ?? [])]) {
    if (!existsSync(file)) refusals.add(file, new BadModuleError(`${file}: no such file`, file));
    else pairFiles.push(file);
  }
  const replay = options.replay !== undefined ? planReplay(options.replay) : undefined;
  const nothingElse =
    specs.length === 0 &&
    pairFiles.length === 0 &&
    pairObjects.length === 0 &&
    !options.fuzz &&
    !replay &&
    !options.kernels;
  if (nothingElse && refusals.refused.length > 0) throw refusals.error();
  if (nothingElse)
    throw new ParityError('nothing to check: give spec files, pair modules, specs, a fuzz run or a replay token');
  return { specs, pairObjects, pairFiles, replay, refusals };
}
