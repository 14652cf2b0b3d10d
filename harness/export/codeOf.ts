/** Marks a value as JavaScript source to be written as is (an expression, not a literal). */
export class Code {
  constructor(readonly text: string) {}
}

const TEXT = Symbol('code');

/** Writes a value as a JavaScript literal; {@link Code} and recorded calls as their source. */
export function literal(v: unknown, indent = ''): string {
  if (v instanceof Code) return v.text;
  if (typeof v === 'function' && (v as unknown as Record<symbol, string>)[TEXT] !== undefined)
    return (v as unknown as Record<symbol, string>)[TEXT];
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, indent)).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
    return `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x, indent)}`).join(', ')} }`;
  }
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return JSON.stringify(v);
}

/**
 * A stand-in for the `tf` namespace that writes code instead of running it:
 * `tf.layers.dense({ units: 2 })` returns a value whose source is that very
 * call. The catalogue's own `create` functions run against it, so an
 * exported script constructs each layer with exactly the arguments the
 * harness used (seeds, initializers, regularizers, wrapped cells), without
 * a second, hand-kept copy of the catalogue that could drift from it.
 */
export function codeOf<T = unknown>(path: string): T {
  const target = function () {} as unknown as Record<symbol, string>;
  target[TEXT] = path;
  const recorder = new Proxy(target, {
    get(t, prop) {
      if (prop === TEXT) return path;
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      return codeOf<unknown>(`${path}.${prop}`);
    },
    set(_t, prop) {
      throw new Error(`export: a layer constructor set '${String(prop)}' on ${path}; not expressible as one call`);
    },
    apply(_t, _this, args: unknown[]) {
      return codeOf<unknown>(`${path}(${args.map((a) => literal(a)).join(', ')})`);
    },
  });
  // It stands for whatever the caller records (tfjs's namespace, a layer, an initializer): typed by the caller.
  return recorder as T;
}
