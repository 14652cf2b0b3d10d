import { classNameOf, layersOf } from '../../construct/layersOf';
import type { Side } from '../../construct/Side';
import { tf } from '../../runtime/tf';
import type { TfLayer } from '../../architecture/catalogue';

type LayersModel = InstanceType<typeof tf.LayersModel>;

/** Every `tf.LayersModel` in a side: the net itself when it is one, and every model nested in it (on either side). */
export function containersOf(side: Side): LayersModel[] {
  return [side.net, ...layersOf(side.net)].filter((l): l is LayersModel => l instanceof tf.LayersModel);
}

/** Every layer of a side of a tfjs class, the net included. */
export function layersOfClass(side: Side, className: string): TfLayer[] {
  return [side.net, ...layersOf(side.net)].filter((l) => classNameOf(l) === className);
}
