import type { CaseHooks } from '../../checkpoints/CaseHooks';
import type { CaseResult } from '../../engine/CaseResult';
import type { TfLayer } from '../../architecture/catalogue';
import { allLayers } from '../../architecture/nestedSpecs';

/** A tfjs shape as `computeOutputShape` receives it: one shape, or a list of them. */
export type AnyShape = (number | null)[] | (number | null)[][];

/** Replacements for a tfjs layer class's methods, each given the original (bound to the layer). */
export interface LayerMethodPatches {
  computeOutputShape?: (this: TfLayer, shape: AnyShape, original: (shape: AnyShape) => AnyShape) => AnyShape;
  call?: (
    this: TfLayer,
    inputs: unknown,
    kwargs: unknown,
    original: (inputs: unknown, kwargs: unknown) => unknown,
  ) => unknown;
}

type Method = (this: TfLayer, ...args: unknown[]) => unknown;

/**
 * Hooks that replace methods of one tfjs layer class for the whole rerun —
 * constructions included, since a functional model runs `computeOutputShape`
 * while it is built — and put the originals back when the run ends, also
 * when it throws. The class is not exported by tfjs: its prototype is read
 * from a throwaway instance `make` returns (never built). Each run
 * patches afresh: a case rerun on cpu after wasm lacked a kernel runs
 * `around` again.
 */
export function patchLayerClass(make: () => TfLayer, patches: LayerMethodPatches): CaseHooks {
  return {
    around: async <T>(run: () => Promise<T>): Promise<T> => {
      // Never built, it holds no weights or tensors: nothing to dispose.
      const proto = Object.getPrototypeOf(make()) as Record<string, Method>;
      const originals = new Map<string, Method>();
      for (const [name, patch] of Object.entries(patches) as [string, Method][]) {
        const original = proto[name];
        originals.set(name, original);
        // Each patch takes its method's arguments in full, then the original: `call` may be given no kwargs.
        const arity = name === 'call' ? 2 : 1;
        proto[name] = function (this: TfLayer, ...args: unknown[]) {
          const bound = (...a: unknown[]) => original.apply(this, a);
          return patch.call(this, ...Array.from({ length: arity }, (_, i) => args[i]), bound);
        };
      }
      try {
        return await run();
      } finally {
        for (const [name, original] of originals) proto[name] = original;
      }
    },
  };
}

/** One tensor from what a layer's `call` receives: the functional executor hands even a single input as a list. */
export const onlyInput = (inputs: unknown): unknown =>
  Array.isArray(inputs) && inputs.length === 1 ? (inputs[0] as unknown) : inputs;

/** The single shape of a unary layer's `computeOutputShape` argument, copied (never the caller's array). */
export const onlyShape = (shape: AnyShape): (number | null)[] =>
  Array.isArray(shape[0]) ? [...(shape as (number | null)[][])[0]] : [...(shape as (number | null)[])];

/** Whether the case holds a layer of the given catalogue kind (in its spec) or tfjs class (in either side's layers). */
export function holdsLayer(r: CaseResult, kind: string, className: string): boolean {
  if (r.spec && allLayers(r.spec).some((l) => l.kind === kind)) return true;
  return Object.values(r.facts?.layers ?? {}).some((ls) => ls?.some((l) => l.className === className));
}
