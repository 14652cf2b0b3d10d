import { tf } from './tf';

type Methods = Map<PropertyKey, PropertyDescriptor>;

/** An object's own function-valued properties: where the harness installs its hooks for a while. */
function ownMethods(o: object): Methods {
  const out: Methods = new Map();
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d && typeof d.value === 'function') out.set(key, d);
  }
  return out;
}

/** Puts an object's own methods back as they were: hooks added since are removed, replaced ones restored. */
function restoreMethods(o: object, before: Methods): void {
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d && typeof d.value === 'function' && !before.has(key) && d.configurable)
      delete (o as Record<PropertyKey, unknown>)[key];
  }
  for (const [key, d] of before) {
    if (Object.getOwnPropertyDescriptor(o, key)?.value !== d.value) Object.defineProperty(o, key, d);
  }
}

/**
 * Runs `fn` and then puts back, whether it returned or threw, what a case
 * may change in the caller's process: the tfjs backend (`tf.getBackend()`),
 * `Math.random` (the harness seeds it), tfjs's environment flags (backend
 * selection sets `PROD`), the methods the harness wraps for a while (the
 * engine's `trackTensor`, `Layer.prototype.apply`) and process listeners
 * added meanwhile (initializing the wasm backend adds emscripten's, whose
 * `unhandledRejection` listener rethrows: left behind, it would turn any
 * later unhandled rejection in the user's suite into a crash).
 *
 * A process with no backend yet keeps the one the case selected: tfjs has
 * no public way back to "none".
 */
export async function preservingState<T>(fn: () => Promise<T>): Promise<T> {
  const backend = tf.getBackend() as string | null | undefined;
  const random = Math.random;
  const flags = { ...tf.env().getFlags() };
  const hooked: object[] = [tf.engine(), tf.layers.Layer.prototype, tf.LayersModel.prototype];
  const methods = hooked.map(ownMethods);
  const events = new Map(process.eventNames().map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  try {
    return await fn();
  } finally {
    Math.random = random;
    hooked.forEach((o, i) => restoreMethods(o, methods[i]));
    for (const e of process.eventNames()) {
      const before = events.get(e) ?? [];
      for (const l of process.listeners(e as NodeJS.Signals)) if (!before.includes(l)) process.removeListener(e, l);
    }
    if (backend && tf.getBackend() !== backend) await tf.setBackend(backend);
    tf.env().setFlags(flags);
  }
}
