import { BadModuleError, TwinRefusedError } from '../errors';
import { factoryResultProblem } from '../construct/checkFactoryResult';
import type { PairModule } from '../construct/PairModule';
import type { InputFeed } from './CaseSource';
import { seededInitializer } from '../construct/seededInitializer';
import { tf } from '../runtime/tf';
import { errorLine } from '../runtime/errorLine';
import { openLedger } from '../runtime/tensorLedger';

/**
 * Whether tfjs itself threw (its frame is the innermost one): that is the
 * API's verdict on the model. Anything else is the module's own code failing.
 */
function thrownByTfjs(e: unknown): boolean {
  const frame = e instanceof Error ? e.stack?.split('\n').find((l) => /^\s+at /.test(l)) : undefined;
  return frame !== undefined && /[\\/]@tensorflow[\\/]tfjs/.test(frame);
}

/**
 * The module's `inputs` must describe the functional model's inputs: the
 * same count, rank, dtype, and sizes — `null` where the model's axis is
 * free, a size where it is free or equal. Otherwise every case would fail
 * at its first call for a reason that is the module's, not a finding.
 */
function checkInputs(pair: PairModule, model: InstanceType<typeof tf.LayersModel>, file: string): InputFeed {
  const declared = pair.inputs;
  if (declared.length !== model.inputs.length)
    throw new BadModuleError(
      `${file}: 'inputs' lists ${declared.length} input(s) but the functional model takes ${model.inputs.length}`,
      file,
    );
  declared.forEach((d, i) => {
    const actual = model.inputs[i].shape.slice(1);
    const shown = (s: (number | null)[]) => `[${s.map((x) => (x === null ? 'null' : x)).join(', ')}]`;
    const fits = actual.length === d.shape.length && d.shape.every((x, k) => actual[k] === null || x === actual[k]);
    if (!fits)
      throw new BadModuleError(
        `${file}: 'inputs[${i}].shape' is ${shown(d.shape)} but the functional model's input ${i} is ${shown(actual)} (batch excluded; null where the model takes any size)`,
        file,
      );
    const dtype = d.dtype ?? 'float32';
    const theirs = model.inputs[i].dtype;
    // Ids can be fed through a float32 input (tf.input's default, as tfjs-examples do); real numbers cannot be fed as int32.
    if (theirs !== dtype && !(dtype === 'int32' && theirs === 'float32')) {
      throw new BadModuleError(
        `${file}: 'inputs[${i}].dtype' is ${dtype} but the functional model's input ${i} is ${theirs} (int32 ids can be fed through a float32 input, not the other way round)`,
        file,
      );
    }
  });
  return model.inputs.map((x) => x.dtype as 'float32' | 'int32');
}

/**
 * Calls a pair module's two factories once, before any case runs, so that a
 * module that cannot work — its own code throws, both factories throw, or
 * one returns the wrong thing — is reported as bad input naming the file (exit 2), not as a
 * finding. One factory rejected by tfjs while the other builds (duplicate
 * layer names, say) is a finding: the case records it at `build`.
 * Releases what the factories created.
 */
export async function preflightPair(pair: PairModule, file: string): Promise<{ feed: InputFeed }> {
  const vars = new Set(Object.keys(tf.engine().state.registeredVariables));
  const ledger = openLedger();
  const threw: { side: string; error: unknown }[] = [];
  const first = errorLine;
  let feed: InputFeed = pair.inputs.map((d) => d.dtype ?? 'float32');
  try {
    // A layer module's twin is derived from its layer: the layer is checked first.
    for (const side of pair.twin ? (['subclass', 'functional'] as const) : (['functional', 'subclass'] as const)) {
      let net: unknown;
      try {
        // A factory may be async; one that never settles is stopped by the pool's time limit (verdict timeout).
        net = await pair[side]({ tf, init: (_key, kind) => seededInitializer(tf, kind ?? 'glorotUniform', 1) });
      } catch (e) {
        if (e instanceof TwinRefusedError) throw e;
        if (!thrownByTfjs(e)) throw new BadModuleError(`${file}: ${side}() threw: ${first(e)}`, file);
        threw.push({ side, error: e });
        continue;
      }
      const problem = factoryResultProblem(side, net, tf);
      if (problem) throw new BadModuleError(`${file}: ${problem}`, file);
      if (side === 'functional') feed = checkInputs(pair, net as InstanceType<typeof tf.LayersModel>, file);
    }
    if (threw.length === 2)
      throw new BadModuleError(
        `${file}: both factories threw: functional(): ${first(threw[0].error)}; subclass(): ${first(threw[1].error)}`,
        file,
      );
    return { feed };
  } finally {
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!vars.has(name)) v.dispose();
    ledger.reclaim();
  }
}
