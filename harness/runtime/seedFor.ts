/**
 * A weight's initializer seed from (case seed, layer id, parameter name).
 * Both builders call this with the same triple, so both sides start
 * bit-identical without copying weights. FNV-1a over the joined string;
 * the result is in [1, 2^31 - 1] because tfjs treats a seed of 0 as
 * "unseeded" in some initializers.
 */
export function seedFor(caseSeed: number, layerId: string, param: string): number {
  let h = 0x811c9dc5;
  const text = `${caseSeed}\u0000${layerId}\u0000${param}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 0x7ffffffe) + 1;
}
