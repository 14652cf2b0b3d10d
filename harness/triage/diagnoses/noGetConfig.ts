import type { DiagnosisRule } from './DiagnosisRule';
import { threw } from './evidence';

/**
 * Entry 12a. Evidence: the subclass's class inherits tfjs's default
 * `getConfig` (read from the object), and loading its saved weights into
 * the layer rebuilt from that config failed on a weight's shape — the
 * rebuilt layer got other constructor arguments. Finding: that error at
 * `reload`.
 */
export const noGetConfig: DiagnosisRule = {
  entry: '12a-serialization-no-get-config',
  title: 'Serialization: no `getConfig`',
  fix: 'save every constructor argument: `getConfig() { return { ...super.getConfig(), units: this.units }; }`',
  matches(f, r) {
    return r.facts?.build?.subclass?.ownGetConfig === false && threw(f, r, 'subclass', 'reload', /^Shape mismatch: /);
  },
};
