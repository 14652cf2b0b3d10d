import type { TfLayer } from '../architecture/catalogue';
import { layersOf } from './layersOf';

/**
 * Runs a call the harness makes and a user's code would not (an
 * activations probe) without leaving the losses it added: tfjs's
 * `Layer.addLoss` appends to a layer's `losses` and nothing clears them,
 * so a layer whose `call()` adds a loss (a `penalizedScale`, user code
 * ported from Keras's `self.add_loss`) would otherwise hold one more
 * penalty per probe, and the `loss` checkpoint would report a value no
 * user's path gives (rule 8: the harness leaves the model as the user's
 * code would). Losses added before the probe are kept, in order.
 */
export function holdingCallLosses<T>(net: TfLayer, fn: () => T): T {
  const held = [net, ...layersOf(net)].map((layer) => ({ losses: layer.losses, length: layer.losses.length }));
  try {
    return fn();
  } finally {
    for (const { losses, length } of held) losses.splice(length);
  }
}
