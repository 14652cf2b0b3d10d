import { pathToFileURL } from 'node:url';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createJiti } from 'jiti';
import { z } from 'zod';
import { BadModuleError } from '../errors';
import { didYouMean } from '../util/nearest';
import { LOSSES, type LossName } from '../runtime/losses';
import type { Dim } from '../runtime/makeInputs';
import { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from '../runtime/makeOptimizer';
import type { Tf } from '../runtime/tf';
import type { Initializer, TfLayer } from '../architecture/catalogue';
import { isLayerModule, validateLayerModule, type LayerModule } from './LayerModule';
import { twinPair } from './twin/twinPair';

/** What a pair module's builders receive. */
export interface PairContext {
  /** The harness's tfjs instance: never import a second copy. */
  tf: Tf;
  /** A seeded initializer: the same key gives the same values on both sides. `kind` defaults to glorotUniform. */
  init: (key: string, kind?: string) => Initializer;
}

/** A user-written pair: both constructions of one model. */
export interface PairModule {
  name: string;
  description?: string;
  /** Batch excluded; `null` for a variable-length dimension (e.g. `[null, 8]` for sequences of any length). */
  inputs: { shape: Dim[]; dtype?: 'float32' | 'int32'; maxValue?: number }[];
  /** Returns the functional model (`tf.model`), or a promise of it (a factory may load weights or a tokenizer first). */
  functional(ctx: PairContext): TfLayer | Promise<TfLayer>;
  /** Returns an instance of a `tf.layers.Layer` subclass, or a promise of one. */
  subclass(ctx: PairContext): TfLayer | Promise<TfLayer>;
  /** The loss this model trains with (a CLI `--loss` overrides it, and the case says so). */
  loss?: LossName;
  /** The optimizer it trains with, and its hyperparameters (`--optimizer`, `--learning-rate` override them). */
  optimizer?: OptimizerName;
  optimizerOptions?: OptimizerOptions;
  /**
   * How the harness's custom training loop (checkpoints `loss`, `gradients`,
   * `step-k`) treats this pair; `fit` is never affected. Reproduces mistakes
   * made in a training script rather than in the model.
   */
  loop?: PairLoop;
  /** Set when the functional side is derived from the subclass's own trace (a layer module): what such a case can check. */
  twin?: { scope: string };
}

/** Training-script options of a pair module, see {@link PairModule.loop}. */
export interface PairLoop {
  /**
   * The `training` flag each side's loop passes to `apply` (default true, as
   * `fit` does). `false` is a hand-written loop calling `apply(x)` bare.
   */
  training?: { subclass?: boolean; functional?: boolean };
  /**
   * One optimizer instance steps both sides (subclass first), each side
   * listing its variables in its own `trainableWeights` order — a script
   * reusing one optimizer for two models. Slots are then not compared.
   */
  sharedOptimizer?: boolean;
}

const fn = z.custom<(...args: unknown[]) => unknown>(
  (v) => typeof v === 'function',
  'must be a function ({ tf, init }) => …',
);

const schema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    inputs: z
      .array(
        z
          .object({
            shape: z.array(z.number().int().positive().nullable()).min(1),
            dtype: z.enum(['float32', 'int32']).optional(),
            maxValue: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .min(1),
    functional: fn,
    subclass: fn,
    loss: z.enum(LOSSES).optional(),
    optimizer: z.enum(OPTIMIZERS).optional(),
    optimizerOptions: z
      .object({
        learningRate: z.number().positive().optional(),
        momentum: z.number().min(0).optional(),
        beta1: z.number().min(0).lt(1).optional(),
        beta2: z.number().min(0).lt(1).optional(),
        epsilon: z.number().positive().optional(),
        rho: z.number().min(0).optional(),
        decay: z.number().min(0).optional(),
        centered: z.boolean().optional(),
        initialAccumulatorValue: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    loop: z
      .object({
        training: z
          .object({ subclass: z.boolean().optional(), functional: z.boolean().optional() })
          .strict()
          .optional(),
        sharedOptimizer: z.boolean().optional(),
      })
      .strict()
      .optional(),
    twin: z.object({ scope: z.string() }).strict().optional(),
  })
  .strict();

/** An error's first line; a syntax error's line and column when the loader gives them on the next one (jiti does). */
function oneLine(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const [first, ...rest] = e.message.split('\n');
  const where = rest.map((l) => /:(\d+:\d+)\s*$/.exec(l)?.[1]).find((x) => x !== undefined);
  return `${first.trim()}${where && !first.includes(where) ? ` (line ${where.replace(':', ', column ')})` : ''}`;
}

/**
 * Imports a module with jiti (TypeScript, or JavaScript where `import()`
 * is unavailable): in-process, with no loader hooks registered on Node, so
 * nothing changes for the user's other modules — in worker threads as on
 * the main thread, and under jest. jiti strips the types and runs the
 * module as CommonJS through the module cache `createRequire` gives (Node's;
 * jest's registry inside a jest test), so a package the module imports is
 * the instance everyone else there gets. No disk cache: it would write into
 * the user's node_modules.
 */
async function importWithJiti(path: string): Promise<unknown> {
  const jiti = createJiti(__filename, { fsCache: false, interopDefault: false });
  const mod = await jiti.import<Record<string, unknown> | undefined>(path);
  // A CommonJS module (`module.exports = …`) arrives as its exports: shape it as Node's import() does.
  return mod !== undefined && mod !== null && mod.default === undefined && !mod.__esModule ? { default: mod } : mod;
}

/**
 * Imports a JavaScript module with Node's `import()`. Inside a VM context
 * without ESM support — a jest test, where `import()` needs
 * `--experimental-vm-modules` — jiti loads it instead, as it loads
 * TypeScript.
 */
async function importJavaScript(path: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(path).href);
  } catch (e) {
    if ((e as { code?: string })?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw e;
    return importWithJiti(path);
  }
}

/** Checks a module's default export against the pair contract. */
export function validatePair(value: unknown, file: string): PairModule {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // A misspelt field also leaves a required one missing: name the misspelling, with its suggestion.
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      const where = issue.path.length > 0 ? `${issue.path.join('.')}.${key}` : key;
      const known = issue.path.length === 0 ? Object.keys(schema.shape) : [];
      throw new BadModuleError(
        `${file}: unknown field '${where}'${didYouMean(key, known)} (a pair module default-exports { name, inputs, functional, subclass } and optionally loss, optimizer, optimizerOptions, loop, description)`,
        file,
      );
    }
    const field = issue.path.join('.') || 'default export';
    throw new BadModuleError(
      `${file}: '${field}': ${issue.message.split('\n')[0]} (a pair module default-exports { name, inputs, functional, subclass })`,
      file,
    );
  }
  // Ids the harness draws must fall inside the model's range, or both sides
  // fail for a reason of the harness's (rule 8): an int32 input names its range.
  const ids = (value as PairModule).inputs.findIndex((i) => i.dtype === 'int32' && i.maxValue === undefined);
  if (ids >= 0)
    throw new BadModuleError(
      `${file}: 'inputs[${ids}].maxValue' is missing: an int32 input holds ids, drawn in [0, maxValue) — give the size of the model's vocabulary (an Embedding's inputDim)`,
      file,
    );
  return value as PairModule;
}

/**
 * Loads a pair module — `.mjs`, `.cjs` or `.js` through Node's own
 * `import()`, `.ts`, `.mts` or `.cts` through jiti (see {@link importWithJiti})
 * — and validates it.
 */
export async function loadPair(file: string): Promise<PairModule> {
  const value = await loadDefaultExport(file);
  // A layer module: its functional twin is derived from the layer's trace.
  if (isLayerModule(value)) return validatePair(twinPair(validateLayerModule(value, file), file), file);
  return validatePair(value, file);
}

/** Loads a layer module file (as {@link loadPair} loads a pair module) and validates it. */
export async function loadLayerModule(file: string): Promise<LayerModule> {
  const value = await loadDefaultExport(file);
  if (!isLayerModule(value))
    throw new BadModuleError(
      `${file}: not a layer module (it default-exports no 'layer' factory, or also 'functional'/'subclass': a pair module, run it with --pair)`,
      file,
    );
  return validateLayerModule(value, file);
}

/** A module file's default export (awaited when it is a promise), or a {@link BadModuleError} naming the file. */
async function loadDefaultExport(file: string): Promise<unknown> {
  const path = resolve(file);
  if (!existsSync(path)) throw new BadModuleError(`${file}: no such file`, file);
  if (!statSync(path).isFile())
    throw new BadModuleError(
      `${file}: not a file (a pair module is one .mjs, .cjs, .js, .ts, .mts or .cts file)`,
      file,
    );
  const typescript = /\.[cm]?ts$/.test(path);
  if (!typescript && !/\.(mjs|cjs|js)$/.test(path))
    throw new BadModuleError(
      `${file}: not a pair module (a pair module is one .mjs, .cjs, .js, .ts, .mts or .cts file${/\.[cm]?tsx$/.test(path) ? '; JSX is not supported' : ''})`,
      file,
    );
  let mod: { default?: unknown } | null | undefined;
  try {
    mod = (typescript ? await importWithJiti(path) : await importJavaScript(path)) as typeof mod;
  } catch (e) {
    throw new BadModuleError(
      `${file}: cannot load${typescript ? ' (TypeScript, through jiti)' : ''}: ${oneLine(e)}`,
      file,
    );
  }
  // CommonJS modules arrive as { default: module.exports }; module.exports may itself carry `default`.
  if (mod?.default === undefined) {
    const named = Object.keys(mod ?? {});
    throw new BadModuleError(
      `${file}: no default export${named.length > 0 ? ` (it exports ${named.map((n) => `'${n}'`).join(', ')})` : ''}; a pair module default-exports { name, inputs, functional, subclass }`,
      file,
    );
  }
  const exported = mod.default as { default?: unknown } | null;
  let value: unknown = exported?.default ?? exported;
  // A module may export a promise of its pair (it loads weights or a tokenizer first).
  if (value !== null && typeof (value as { then?: unknown })?.then === 'function') {
    try {
      value = await (value as PromiseLike<unknown>);
    } catch (e) {
      throw new BadModuleError(
        `${file}: its default export is a promise that rejected: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        file,
      );
    }
  }
  return value;
}
