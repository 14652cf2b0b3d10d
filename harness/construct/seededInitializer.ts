import type { Initializer } from '../architecture/catalogue';
import type { Tf } from '../runtime/tf';

/**
 * A tfjs initializer of the named kind with a fixed seed. Deterministic
 * kinds (zeros, ones) ignore the seed.
 */
export function seededInitializer(tf: Tf, kind: string, seed: number): Initializer {
  const I = tf.initializers;
  switch (kind) {
    case 'zeros':
      return I.zeros();
    case 'ones':
      return I.ones();
    case 'glorotUniform':
      return I.glorotUniform({ seed });
    case 'glorotNormal':
      return I.glorotNormal({ seed });
    case 'heUniform':
      return I.heUniform({ seed });
    case 'heNormal':
      return I.heNormal({ seed });
    case 'lecunUniform':
      return I.leCunUniform({ seed });
    case 'lecunNormal':
      return I.leCunNormal({ seed });
    case 'randomUniform':
      return I.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    case 'randomNormal':
      return I.randomNormal({ mean: 0, stddev: 0.05, seed });
    case 'truncatedNormal':
      return I.truncatedNormal({ mean: 0, stddev: 0.05, seed });
    case 'orthogonal':
      return I.orthogonal({ gain: 1, seed });
    default:
      throw new Error(`no seeded initializer named '${kind}'`);
  }
}
