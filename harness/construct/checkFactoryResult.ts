import type { Tf } from '../runtime/tf';
import type { SideName } from './Side';

/** The class names up an object's prototype chain. */
function classChain(value: object): string[] {
  const names: string[] = [];
  for (
    let p = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as { constructor?: unknown } | null
  ) {
    const name = (p.constructor as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/**
 * Whether a value is a tfjs layer or model of another tfjs instance: it has
 * a `Layer` (or `LayersModel`) class in its prototype chain and a layer's
 * API, but is no instance of ours. A module that imports its own
 * `@tensorflow/tfjs` gets that when the import resolves to another copy
 * (another install, or another module registry such as jest's).
 */
function fromAnotherTfjs(value: unknown, tf: Tf): boolean {
  if (value === null || typeof value !== 'object' || value instanceof tf.layers.Layer) return false;
  const v = value as Record<string, unknown>;
  const layerLike = typeof v.apply === 'function' && typeof v.getConfig === 'function' && 'trainableWeights' in v;
  return layerLike && classChain(value).some((n) => n === 'Layer' || n === 'LayersModel' || n === 'Container');
}

/**
 * Checks what a pair factory returned, and says what is wrong in one line
 * (the caller names the file). A model built by another tfjs copy is made
 * of other classes: it fails every `instanceof` tfjs and the harness make
 * (tensors, layers), its custom classes are registered where reload does
 * not look, and when that copy has its own tfjs-core (copies share one
 * only through a global, and only if versions agree) it runs on a second
 * engine whose variables, tensors and kernels are invisible to the
 * harness's — `tf.variableGrads`, the optimizers, the memory count.
 * Nothing could be compared; the one fix is to build with the `tf` the
 * factory receives. When the module's `@tensorflow/tfjs` resolves to the
 * harness's own instance (one install, one module registry), its objects
 * are ours and pass.
 */
export function factoryResultProblem(side: SideName, value: unknown, tf: Tf): string | undefined {
  if (fromAnotherTfjs(value, tf)) {
    return `${side}() returned a ${classChain(value as object)[0] ?? 'layer'} from another copy of @tensorflow/tfjs: the module imports its own @tensorflow/tfjs instead of using the tf it is given, and two tfjs copies do not mix (other Layer and Tensor classes, another class registry for reload, or, where tfjs-core is not shared, a second engine whose variables and kernels are invisible to parity-check's); build with the tf the factory receives (${side}: ({ tf, init }) => …)`;
  }
  if (side === 'functional' && !(value instanceof tf.LayersModel))
    return `functional() must return a tf.LayersModel (from tf.model)${value instanceof tf.layers.Layer ? ', got a layer that is not a model' : `, got ${describe(value)}`}`;
  if (side === 'subclass' && !(value instanceof tf.layers.Layer))
    return 'subclass() must return an instance of a class extending tf.layers.Layer';
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object')
    return classChain(value)[0] ? `an instance of ${classChain(value)[0]}` : 'a plain object';
  return typeof value;
}
