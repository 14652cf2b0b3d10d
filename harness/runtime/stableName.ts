/**
 * A tfjs variable or layer name without the counters tfjs adds to keep
 * names unique in a process: `subclass/d/kernel_12` → `subclass/d/kernel`,
 * `dense_Dense46/kernel` → `dense_Dense/kernel`, `input143` → `input`,
 * a bare `tf.variable()`'s `24` → `(an unnamed tf.variable)`.
 * Those counters depend on everything built before in the process, so a
 * message carrying them would differ between two runs of one case (or
 * two workers); reports name variables the same way every time.
 */
export function stableName(name: string): string {
  // A bare tf.variable() is named by a process-wide counter alone.
  if (/^\d+$/.test(name)) return '(an unnamed tf.variable)';
  return name
    .split('/')
    .map((segment, i, all) => {
      let s = i === all.length - 1 ? segment.replace(/_\d+$/, '') : segment;
      const auto = /^([a-z0-9_]+)_([A-Z][A-Za-z0-9]*?)(\d+)$/.exec(s);
      if (auto && snake(auto[2]) === auto[1]) s = `${auto[1]}_${auto[2]}`;
      return s.replace(/^(model|input|sequential|functional|subclass_wrapper)\d+$/, '$1');
    })
    .join('/');
}

const snake = (cls: string) =>
  cls
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
