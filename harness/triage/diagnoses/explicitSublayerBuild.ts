import type { DiagnosisRule } from './DiagnosisRule';
import { thrownMatch } from './evidence';

const MESSAGE = /^Duplicate weight name: (.+)$/;

/**
 * Entry 12c. Evidence: the subclass's reload refused a duplicate weight
 * name, and that name is the first one two weights of the subclass share
 * inside one single layer, named `<layer>/<weight>` with no sublayer
 * between (read from the model before saving) — weights created outside
 * their sublayers' name scopes. (Two nested `tf.model`s
 * sharing a name is the known cause `nested-duplicate-weight-names`.)
 * Finding: that error.
 */
export const explicitSublayerBuild: DiagnosisRule = {
  entry: '12c-serialization-explicit-build',
  title: 'Serialization: sublayers built with `sublayer.build(shape)`',
  fix: 'build the sublayers by one call on zeros in `build()` (see entry 2), not with `sublayer.build(shape)`',
  matches(f, r) {
    const name = thrownMatch(f, r, 'subclass', 'reload', MESSAGE)?.[1];
    const dup = r.facts?.reload?.subclass?.duplicates?.[0];
    if (name === undefined || dup === undefined || dup.name !== name || dup.owners.length !== 1) return false;
    // `<layer>/kernel`, no sublayer between: made outside the sublayer's scope (two sublayers of one name give `<layer>/<sublayer>/kernel`).
    const rest = name.startsWith(`${dup.owners[0]}/`) ? name.slice(dup.owners[0].length + 1) : undefined;
    return rest !== undefined && !rest.includes('/');
  },
};
