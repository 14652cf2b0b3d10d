import { applicationsOf, classNameOf, layersOf } from '../construct/layersOf';
import type { Side } from '../construct/Side';
import { tf } from '../runtime/tf';
import type { LayerFact } from './CaseFacts';

/** The layers of a built side, as plain facts (read from the objects, not from a spec: pair cases have none). */
export function layerFacts(side: Side): LayerFact[] {
  return layersOf(side.net).map((l) => {
    const layer = l as typeof l & { losses?: unknown[]; maskZero?: boolean };
    return {
      className: classNameOf(l),
      name: l.name,
      applications: applicationsOf(l),
      penalties: layer.losses?.length ?? 0,
      container: l instanceof tf.LayersModel,
      masks: classNameOf(l) === 'Masking' || (classNameOf(l) === 'Embedding' && layer.maskZero === true),
    };
  });
}
