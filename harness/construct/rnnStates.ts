import type { Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../architecture/catalogue';
import { tensorData, type TensorData } from '../runtime/tensorData';
import { tf } from '../runtime/tf';
import { layersOf } from './layersOf';

/** What tfjs's RNN layers (and convLstm2d) expose of their carried state. */
interface StatefulLayer {
  name: string;
  stateful: boolean;
  states: (Tensor | null)[];
  resetStates(): void;
  /** The states a training-mode call replaced, which tfjs keeps for backpropagation until the next resetStates(). */
  keptStates?: Tensor[][];
}

/** Whether a layer carries state from one call to the next (`stateful: true` RNNs). */
export function isStateful(layer: TfLayer): layer is TfLayer & StatefulLayer {
  const l = layer as unknown as Partial<StatefulLayer>;
  return l.stateful === true && typeof l.resetStates === 'function' && 'states' in l;
}

/** The stateful layers inside a net (and the net itself, if it is one). */
export function statefulLayers(net: TfLayer): (TfLayer & StatefulLayer)[] {
  return [net, ...layersOf(net)].filter(isStateful);
}

/** A copy of every stateful layer's states, kept past any tidy; `null` where a layer has none yet. */
export type SavedStates = { layer: StatefulLayer; states: Tensor[] | null; kept: number }[];

/** Copies the states of every stateful layer in `net`. */
export function saveStates(net: TfLayer): SavedStates {
  return statefulLayers(net).map((layer) => ({
    layer,
    states: layer.states.some((s) => s == null) ? null : layer.states.map((s) => tf.keep(s!.clone())),
    kept: layer.keptStates?.length ?? 0,
  }));
}

/**
 * Puts saved states back: the layer's current states are disposed and
 * the copies become its states (a layer that had none gets none again, so
 * its next call starts from zeros as it would have).
 */
export function restoreStates(saved: SavedStates): void {
  for (const { layer, states, kept } of saved) {
    tf.dispose(layer.states.filter((s): s is Tensor => s != null));
    // States a training-mode call set aside since the save were the ones the copies replace: nothing else holds them.
    if (layer.keptStates && layer.keptStates.length > kept) tf.dispose(layer.keptStates.splice(kept).flat());
    layer.states = states as Tensor[];
  }
}

/**
 * Runs a call the harness makes and a user's code would not (an
 * activations probe, a replica's measurement): every stateful layer of
 * `net` is where it was before, so the call moves no state on one side only.
 */
export function holdingStates<T>(net: TfLayer, fn: () => T): T {
  const saved = saveStates(net);
  if (saved.length === 0) return fn();
  try {
    return fn();
  } finally {
    restoreStates(saved);
  }
}

/** Every stateful layer's states as tensors, keyed `layerName/state<k>` (tfjs names its layers after spec ids). */
export function statesOf(net: TfLayer): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const layer of statefulLayers(net))
    layer.states.forEach((s, k) => {
      if (s != null) out.set(`${layer.name}/state${k}`, s);
    });
  return out;
}

/**
 * Runs `fn` with every stateful layer of `net` at zero states, then puts
 * the states back: the model as tfjs reloads it (`model.save` keeps no
 * states, so a reloaded stateful RNN starts from zeros), without moving
 * the original's state.
 */
export function fromZeroStates<T>(net: TfLayer, fn: () => T): T {
  const saved = saveStates(net);
  if (saved.length === 0) return fn();
  try {
    // Zeros set directly: resetStates() would also dispose the states tfjs keeps from earlier training calls.
    for (const { layer, states } of saved)
      if (states) {
        // The copies stand in for the current states, which nothing else holds.
        tf.dispose(layer.states.filter((t): t is Tensor => t != null));
        layer.states = states.map((t) => tf.keep(tf.zerosLike(t)));
      }
    return fn();
  } finally {
    restoreStates(saved);
  }
}

/**
 * Every stateful RNN's states as values, keyed `layerName/state<k>`: what
 * a call carried into the next one. They are not weights (no inventory
 * lists them), so the checkpoints compare them as state of their own.
 */
export function rnnStateValues(net: TfLayer): Map<string, TensorData> {
  return new Map([...statesOf(net)].map(([key, t]) => [key, tensorData(t)]));
}
