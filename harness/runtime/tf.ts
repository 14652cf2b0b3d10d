/**
 * The harness's one tfjs instance. Every builder, pair module and reporter
 * receives this object; a second copy of tfjs would have its own engine,
 * backends and variable registry, and tensors would silently not mix.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
/** The type of the harness's tfjs namespace, as handed to pair modules. */
export type Tf = typeof tf;
