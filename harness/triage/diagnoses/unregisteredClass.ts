import type { DiagnosisRule } from './DiagnosisRule';
import { thrownMatch } from './evidence';

const MESSAGE = /^Unknown layer: (\S+?)\. /;

/**
 * Entry 12d. Evidence: the subclass's reload failed on `Unknown layer: X`,
 * and X is a class the subclass holds that tfjs's serialization map did
 * not know when it was built (read from the map, not from the message
 * alone). Finding: that error.
 */
export const unregisteredClass: DiagnosisRule = {
  entry: '12d-serialization-unregistered-class',
  title: 'Serialization: class not registered',
  fix: 'register the class after defining it: `tf.serialization.registerClass(MyLayer)` (with a `static className`)',
  matches(f, r) {
    const name = thrownMatch(f, r, 'subclass', 'reload', MESSAGE)?.[1];
    return name !== undefined && (r.facts?.build?.subclass?.unregisteredClasses ?? []).includes(name);
  },
};
