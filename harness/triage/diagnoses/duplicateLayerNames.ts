import type { DiagnosisRule } from './DiagnosisRule';
import { threw } from './evidence';

/**
 * Entry 15. Evidence: `tf.model` itself refused the functional side at
 * `build` with its duplicate-name message (the subclass built). Finding:
 * that error.
 */
export const duplicateLayerNames: DiagnosisRule = {
  entry: '15-duplicate-layer-names',
  title: 'Duplicate layer names',
  fix: 'give every layer a unique name (or none: tfjs makes one)',
  matches(f, r) {
    return threw(
      f,
      r,
      'functional',
      'build',
      /^The name ".+" is used \d+ times in the model\. All layer names should be unique\./,
    );
  },
};
