/**
 * `seedRandom(label)` as script source (plain JavaScript, as text): what
 * the harness's `seedGlobalRandom` does — seedrandom's ARC4 generator from
 * the string '<case seed>:<label>' — inlined, so an exported script's
 * unseeded draws (a dropout mask, gaussian noise, an unseeded initializer)
 * are the harness's own while the script imports nothing but tfjs. Shared
 * by the spec and pair runners. Expects the global SEED.
 */
export const SEED_RANDOM = String.raw`/**
 * Replaces Math.random with the generator the harness seeds it with: seedrandom's default (ARC4, the first 256
 * bytes dropped, 52-bit doubles) from the string '<case seed>:<label>' — the same stream, so an unseeded
 * initializer or a dropout draws exactly what it drew in the harness's run. Inlined from seedrandom 3.0.5
 * (MIT, David Bau): the script imports nothing but tfjs.
 */
function seedRandom(label) {
  const key = [];
  const text = SEED + ':' + label;
  let smear = 0;
  for (let j = 0; j < text.length; j++) key[255 & j] = 255 & ((smear ^= key[255 & j] * 19) + text.charCodeAt(j));
  const s = [];
  let i = 0;
  let j = 0;
  let t;
  const keylen = key.length || 1;
  if (key.length === 0) key.push(0);
  for (let k = 0; k < 256; k++) s[k] = k;
  for (let k = 0; k < 256; k++) {
    s[k] = s[(j = 255 & (j + key[k % keylen] + (t = s[k])))];
    s[j] = t;
  }
  j = 0;
  const g = (count) => {
    let r = 0;
    while (count--) {
      t = s[(i = 255 & (i + 1))];
      r = r * 256 + s[255 & ((s[i] = s[(j = 255 & (j + t))]) + (s[j] = t))];
    }
    return r;
  };
  g(256);
  Math.random = () => {
    let n = g(6);
    let d = 2 ** 48;
    let x = 0;
    while (n < 2 ** 52) {
      n = (n + x) * 256;
      d *= 256;
      x = g(1);
    }
    while (n >= 2 ** 53) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
  };
}
`;
