import { dirname, relative, resolve, sep } from 'node:path';
import { loadLayerModule, validatePair } from '../construct/PairModule';
import { seededInitializer } from '../construct/seededInitializer';
import { deriveTwin } from '../construct/twin/deriveTwin';
import { renderTwin } from '../construct/twin/renderTwin';
import { twinPair } from '../construct/twin/twinPair';
import { preservingState } from '../runtime/preservingState';
import { seedFor } from '../runtime/seedFor';
import { tf } from '../runtime/tf';

/**
 * The functional twin parity-check derives for a layer module, as the
 * source of a pair module that imports the layer module and rebuilds the
 * traced graph in plain tfjs calls (see `renderTwin`): a user can keep it
 * and replace the replayed ops with an independent construction. `outFile`
 * is where it will be written (its import of the layer module is relative
 * to it). Throws a {@link TwinRefusedError} as `--layer` refuses.
 */
export async function printTwin(layerFile: string, outFile: string, options: { seed?: number } = {}): Promise<string> {
  return preservingState(async () => {
    const mod = await loadLayerModule(layerFile);
    validatePair(twinPair(mod, layerFile), layerFile);
    const seed = options.seed ?? 42;
    const ctx = {
      tf,
      init: (key: string, kind?: string) => seededInitializer(tf, kind ?? 'glorotUniform', seedFor(seed, 'pair', key)),
    };
    const twin = await deriveTwin(mod, ctx, `twin:print:${seed}`, layerFile);
    try {
      let path = relative(dirname(resolve(outFile)), resolve(layerFile))
        .split(sep)
        .join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return renderTwin(mod, twin, path, layerFile);
    } finally {
      twin.model.dispose();
    }
  });
}
