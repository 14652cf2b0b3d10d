import type { CaseHooks } from '../../checkpoints/CaseHooks';
import type { TfLayer } from '../../architecture/catalogue';
import { layersOfClass } from './containersOf';

/**
 * Hooks under which every layer of a tfjs class, on either side, saves
 * `fields` (read from the layer itself) on top of what its `getConfig`
 * writes: the counterfactual of a `getConfig` that leaves a field out or
 * writes a wrong value.
 */
export function savesWith(className: string, fields: (layer: TfLayer) => Record<string, unknown>): CaseHooks {
  return {
    afterConstruct(side) {
      for (const layer of layersOfClass(side, className)) {
        const original = layer.getConfig.bind(layer);
        layer.getConfig = () => ({ ...original(), ...fields(layer) }) as ReturnType<typeof original>;
      }
    },
  };
}
