/** A tensor as an exported script embeds it: dtype, shape and base64 of its bytes. */
export interface EmbeddedTensor {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  /** Base64 of the values' little-endian bytes (float32, int32, or one byte per bool). */
  data: string;
}

/**
 * Embeds values exactly: the float32/int32 bytes themselves, base64-encoded
 * (a decimal print would need 9 significant digits per float to round-trip,
 * and is three times longer). Decoded by the script's `decode`.
 */
export function embedTensor(dtype: string, shape: readonly number[], values: ArrayLike<number>): EmbeddedTensor {
  const typed =
    dtype === 'int32'
      ? Int32Array.from(values)
      : dtype === 'bool'
        ? Uint8Array.from(values)
        : dtype === 'float32'
          ? Float32Array.from(values)
          : undefined;
  if (typed === undefined) throw new Error(`cannot embed a ${dtype} tensor (float32, int32 and bool only)`);
  return {
    dtype: dtype as EmbeddedTensor['dtype'],
    shape: [...shape],
    data: Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64'),
  };
}

/** JSON of embedded data, one tensor a line, so a script stays readable around it. */
export function embeddedLiteral(tensors: Record<string, EmbeddedTensor> | EmbeddedTensor[]): string {
  const entries = Array.isArray(tensors)
    ? tensors.map((t) => `  ${JSON.stringify(t)},`)
    : Object.entries(tensors).map(([k, t]) => `  ${JSON.stringify(k)}: ${JSON.stringify(t)},`);
  const [open, close] = Array.isArray(tensors) ? ['[', ']'] : ['{', '}'];
  return entries.length === 0 ? `${open}${close}` : `${open}\n${entries.join('\n')}\n${close}`;
}
