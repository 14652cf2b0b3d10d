import { tf } from './tf';

/** What a piece of code left alive: tensors that are not variables, and variables nobody accounts for. */
export interface LiveCounts {
  tensors: number;
  variables: number;
}

const registered = () => Object.keys(tf.engine().state.registeredVariables);

/**
 * The engine's live tensors and registered variables at one moment, to
 * tell later what a call left behind: the non-variable tensors it added,
 * and the variables it registered besides those someone owns (a model's
 * exposed weights, an optimizer's slots).
 */
export class LiveSnapshot {
  private readonly tensors = tf.memory().numTensors;
  private readonly variables = new Set(registered());

  /** What was created since the snapshot and is still alive, `owned` variables (by name) aside. */
  leftSince(owned: Iterable<string> = []): LiveCounts {
    const mine = new Set(owned);
    const added = registered().filter((v) => !this.variables.has(v));
    return {
      tensors: tf.memory().numTensors - this.tensors - added.length,
      variables: added.filter((v) => !mine.has(v)).length,
    };
  }
}
