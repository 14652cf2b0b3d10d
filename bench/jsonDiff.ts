/**
 * A plain JSON diff for comparing two runs of one campaign: every path where
 * the two values differ, with both values, after dropping the keys given.
 */

/**
 * What legitimately differs between two runs of one campaign, and nothing else: times, and an error's `stack`,
 * whose frames name what ran the case — the pool's worker (`worker.js` `perform`) or this process's lanes
 * (`runJobs.js`), jest's source-mapped files or the build — not the model. Its message, the first line, stays in
 * `message`, which is compared.
 */
export const UNSTABLE_KEYS = ['durationMs', 'startedAt', 'stack'];

/** `x` as JSON data with the keys named dropped at every depth. */
export function stableJson(x: unknown, drop: readonly string[] = UNSTABLE_KEYS): unknown {
  if (x === undefined) return undefined;
  return JSON.parse(JSON.stringify(x, (k: string, v: unknown) => (drop.includes(k) ? undefined : v))) as unknown;
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'absent';
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
};

/** Every path (`a.b[2].c`) where `a` and `b` differ, as `path: a → b`. */
export function jsonDiff(a: unknown, b: unknown, path = ''): string[] {
  if (a === b) return [];
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [`${path || '.'}: ${short(a)} → ${short(b)}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...jsonDiff(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const out: string[] = [];
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)]))
    out.push(...jsonDiff(ra[k], rb[k], path ? `${path}.${k}` : k));
  return out;
}
