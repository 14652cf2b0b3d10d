/**
 * The JSON of an op layer's spec, written as lowercase hex. tfjs rewrites
 * the string values of a custom layer's config between camelCase and
 * snake_case on save and load (`'b0_l0'` comes back `'b0L0'`): a kernel
 * name (`FusedMatMul`) or an attribute (`NHWC`) would not survive it; hex
 * digits do. Non-finite numbers, which JSON cannot hold, are spelt out.
 */
export function encodeOp(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v,
  );
  return Buffer.from(json, 'utf8').toString('hex');
}

/** Reads what {@link encodeOp} wrote. */
export function decodeOp<T>(hex: string): T {
  return JSON.parse(Buffer.from(hex, 'hex').toString('utf8'), (_k, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { $number?: unknown }).$number === 'string'
      ? Number((v as { $number: string }).$number)
      : v,
  ) as T;
}

/** A placeholder in an op's attributes for the batch size, which the op takes from its input when it runs. */
export const BATCH = { $batch: true } as const;

/** Replaces every batch placeholder in `attrs` with `batch`. */
export function withBatch(attrs: unknown, batch: number): unknown {
  if (Array.isArray(attrs)) return attrs.map((a) => withBatch(a, batch));
  if (attrs !== null && typeof attrs === 'object') {
    if ((attrs as { $batch?: unknown }).$batch === true) return batch;
    return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, withBatch(v, batch)]));
  }
  return attrs;
}
