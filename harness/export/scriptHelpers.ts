/**
 * The helpers every exported script carries (plain JavaScript, as text):
 * decoding embedded tensors, and comparing two values the way the harness
 * reports them — mismatched elements, greatest absolute difference, the
 * first mismatching index with both values. A script is one file an
 * upstream maintainer runs with `node`, so these are inlined, not imported.
 */
export const SCRIPT_HELPERS = String.raw`
/** A tensor embedded as base64 of its little-endian float32/int32/bool bytes: exact, and compact. */
function decode({ dtype, shape, data }) {
  // Copied into a fresh buffer: a Buffer's bytes may start at an offset a Float32Array cannot view.
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  const values = dtype === 'int32' ? new Int32Array(bytes.buffer) : dtype === 'bool' ? bytes : new Float32Array(bytes.buffer);
  return tf.tensor(values, shape, dtype);
}

/** Index of element i of a tensor of this shape, as (i, j, …). */
function indexOf(i, shape) {
  const at = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(i % shape[d]);
    i = Math.floor(i / shape[d]);
  }
  return '(' + at.join(', ') + ')';
}

/**
 * Compares two arrays of values under a tolerance (exact by default: the
 * two sides run the same kernels). NaN matches NaN; ±Inf must match in
 * sign. Returns null when they agree, else what a person can act on.
 */
function mismatch(a, b, shape, { atol = 0, rtol = 0 } = {}) {
  if (a.length !== b.length) return 'different sizes: ' + a.length + ' vs ' + b.length;
  let count = 0, first = -1, maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    const same = x === y || (Number.isNaN(x) && Number.isNaN(y)) || (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= atol + rtol * Math.abs(y));
    if (same) continue;
    count++;
    if (first < 0) first = i;
    maxAbs = Math.max(maxAbs, Number.isFinite(x - y) ? Math.abs(x - y) : Infinity);
  }
  if (count === 0) return null;
  return { count, total: a.length, first: indexOf(first, shape), a: a[first], b: b[first], maxAbs };
}

/** Prints one comparison's outcome in the harness's words; returns whether the values differ. */
function report(what, names, a, b, shape, tolerance) {
  const m = mismatch(a, b, shape, tolerance);
  if (m === null) {
    console.log('  ' + what + ': equal');
    return false;
  }
  if (typeof m === 'string') {
    console.log('  ' + what + ': ' + m);
    return true;
  }
  console.log(
    '  ' + what + ': mismatched elements: ' + m.count + ' / ' + m.total + ' (' + ((100 * m.count) / m.total).toFixed(1) + '%)' +
      ' · greatest absolute difference ' + m.maxAbs.toExponential(3) +
      ' · first at ' + m.first + ': ' + names[0] + ' ' + m.a + ', ' + names[1] + ' ' + m.b,
  );
  return true;
}
`;
