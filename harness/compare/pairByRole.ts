import type { TensorData } from '../runtime/tensorData';

// munkres (an optimal assignment, rectangular matrices) ships CommonJS, but its
// types are declared for its ES module only, which TypeScript will not let a
// CommonJS file import: required here with its one signature spelled out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { munkres } = require('munkres') as { munkres: (costs: number[][]) => [number, number][] };

/**
 * A variable's effect on the outputs: the gradient, at the case's inputs
 * and initial weights, of a fixed random projection of the outputs
 * (inference mode, and training mode). Undefined when it could not be
 * measured; all zeros when the variable does not reach the outputs.
 */
export interface Effect {
  inference?: Float32Array;
  training?: Float32Array;
}

/** One side's variable, as pairing reads it. */
export interface RoleVar {
  /** The tfjs variable name (unique in the process). */
  name: string;
  /** A readable place for its key: owning layer and param (`Dense/kernel`); uniqueness comes from the position, never from it. */
  label: string;
  init: TensorData;
  effect?: Effect;
}

/** How a pair of variables (or a variable left alone) was decided. */
export type PairingMethod =
  /** Same dtype, shape and initial value, and bit-identical effect on the outputs. */
  | 'role'
  /** Like `role`, but several variables share value and effect on each side: interchangeable, paired in order (never a divergence either way). */
  | 'interchangeable'
  /** The closest effect among the variables of the same dtype and shape (an optimal assignment): the sides compute slightly differently. */
  | 'closest-effect'
  /** The only variable on each side with this dtype, shape and initial value (seeded from one key). */
  | 'value'
  /** No measurable effect: its place in the layer graph (the layer-level trace of the first call). */
  | 'graph'
  /** The only variable of its dtype and shape left on each side. */
  | 'only-candidate'
  /** Not paired: the reason says why. */
  | 'unpaired';

/** One row of a pairing: a key, the variable of each side it names, and how that was decided. */
export interface PairingEntry {
  key: string;
  /** Stable names (tfjs counters stripped are the reporter's business): the tfjs variable names. */
  subclass?: string;
  functional?: string;
  method: PairingMethod;
  /** Numbers behind a `closest-effect` decision, or why a variable stayed unpaired. */
  detail?: string;
  /**
   * Where each variable sits in its side's `net.weights` on the build that
   * was paired: a fresh build of the same factories lists its weights in the
   * same order, so an exported script pairs by it (names carry counters).
   */
  at?: { subclass?: number; functional?: number };
}

/** The result: keys of both sides by tfjs name, and how each was decided. */
export interface RolePairing {
  subKeys: Map<string, string>;
  funKeys: Map<string, string>;
  entries: PairingEntry[];
}

const kindOf = (v: RoleVar) => `${v.init.dtype}[${v.init.shape.join(',')}]`;

/** Exact bits of some values, as a string key (NaN and -0 included): the typed array's own bytes, read once per array. */
const bitsOf = new WeakMap<object, string>();
const bits = (x: Float32Array | Int32Array | Uint8Array): string => {
  let b = bitsOf.get(x);
  if (b === undefined)
    bitsOf.set(
      x,
      (b = `${x.constructor.name}:${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64')}`),
    );
  return b;
};

const nonZero = (x: Float32Array | undefined): x is Float32Array =>
  x !== undefined && x.some((v) => v !== 0 && !Number.isNaN(v));

/** The effect that says something: inference first (deterministic), else training. */
function telling(e: Effect | undefined): Float32Array | undefined {
  if (nonZero(e?.inference)) return e.inference;
  if (nonZero(e?.training)) return e.training;
  return undefined;
}

/** Relative distance between two effects: 0 when equal, 1 or more when unrelated; NaN positions must agree. */
export function effectDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) diff += 1;
      continue;
    }
    diff += (x - y) ** 2;
    na += x * x;
    nb += y * y;
  }
  const scale = Math.sqrt(Math.max(na, nb));
  return scale === 0 ? (diff === 0 ? 0 : Infinity) : Math.sqrt(diff) / scale;
}

/**
 * Pairs a pair module's variables by their role in the computation (the
 * oracle's rule 4) — never by names, which users choose freely (`h/attn`),
 * nor by creation order. Both sides draw seeded weights from the same keys,
 * so a variable's initial value says which weight it is, where it is
 * telling; where several variables start alike (zero biases, BatchNorm's
 * ones and zeros, a bidirectional layer's two directions), their effect on
 * the outputs ({@link Effect}) tells them apart: two variables that start
 * alike and move the outputs alike are the same variable of the model,
 * whichever layer or `addWeight` made it and whether the arithmetic around
 * it is fused or not.
 *
 * Within each class of equal dtype, shape and initial value:
 * 1. `role`: a bit-identical, non-zero effect; several such variables on
 *    each side are `interchangeable`, paired in order (never a divergence).
 * 2. `value`: the class holds one variable on each side.
 * 3. `closest-effect`: the optimal assignment (Hungarian) by relative effect
 *    distance — where the sides round differently or really differ (their
 *    values are then compared, and any difference is a finding about the
 *    pair, not the pairing).
 * Then, for what is left (values that differ between the sides — unseeded
 * weights — or a class larger on one side), within one dtype and shape:
 * the same three steps by effect, the layer-level graph (`graph`, from
 * `hints`), and the only variable left on each side (`only-candidate`).
 * Anything else stays unpaired with the reason, so the inventory names it.
 *
 * Keys are unique by construction: the functional variable's position in
 * its side's weights, then a readable label (`3:Dense/kernel`); a subclass
 * variable with no partner gets `subclass:<position>:<label>`.
 */
export function pairByRole(sub: RoleVar[], fun: RoleVar[], hints: Map<string, string> = new Map()): RolePairing {
  const partner = new Map<RoleVar, { f: RoleVar; method: PairingMethod; detail?: string }>();
  const taken = new Set<RoleVar>();
  const pair = (s: RoleVar, f: RoleVar, method: PairingMethod, detail?: string) => {
    partner.set(s, { f, method, detail });
    taken.add(f);
  };
  const freeSub = () => sub.filter((s) => !partner.has(s));
  const freeFun = () => fun.filter((f) => !taken.has(f));
  const valueOf = (v: RoleVar) => `${kindOf(v)}|${bits(v.init.values)}`;

  /** Steps 1–3 over groups of free variables that share `groupOf`. */
  const byEffect = (groupOf: (v: RoleVar) => string, valueStep: boolean) => {
    const groups = new Map<string, { s: RoleVar[]; f: RoleVar[] }>();
    for (const [side, list] of [
      ['s', freeSub()],
      ['f', freeFun()],
    ] as const) {
      for (const v of list) {
        const g = groups.get(groupOf(v)) ?? { s: [], f: [] };
        g[side].push(v);
        groups.set(groupOf(v), g);
      }
    }
    for (const g of groups.values()) {
      if (g.s.length === 0 || g.f.length === 0) continue;
      // 1. Exact role.
      const bySig = new Map<string, { s: RoleVar[]; f: RoleVar[] }>();
      for (const [side, list] of [
        ['s', g.s],
        ['f', g.f],
      ] as const) {
        for (const v of list) {
          const e = telling(v.effect);
          if (!e) continue;
          const sig = `${valueOf(v)}|${bits(e)}`;
          const x = bySig.get(sig) ?? { s: [], f: [] };
          x[side].push(v);
          bySig.set(sig, x);
        }
      }
      for (const x of bySig.values()) {
        const n = Math.min(x.s.length, x.f.length);
        const method = x.s.length > 1 || x.f.length > 1 ? 'interchangeable' : 'role';
        for (let i = 0; i < n; i++)
          pair(
            x.s[i],
            x.f[i],
            method,
            method === 'interchangeable'
              ? `${x.s.length} subclass and ${x.f.length} functional variables share value and effect`
              : undefined,
          );
      }
      const ss = g.s.filter((v) => !partner.has(v));
      const fs = g.f.filter((v) => !taken.has(v));
      // 2. One of a value on each side.
      if (valueStep && ss.length === 1 && fs.length === 1) {
        pair(ss[0], fs[0], 'value');
        continue;
      }
      // 3. Closest effect.
      const se = ss.filter((v) => telling(v.effect));
      const fe = fs.filter((v) => telling(v.effect));
      if (se.length === 0 || fe.length === 0) continue;
      const cost = se.map((a) => fe.map((b) => effectDistance(telling(a.effect)!, telling(b.effect)!)));
      // Infinity would break the assignment: unrelated is "as far as can be".
      const finite = cost.map((row) => row.map((c) => (Number.isFinite(c) ? c : 1e9)));
      for (const [i, j] of munkres(finite)) {
        const runnerUp = Math.min(...cost[i].filter((_, k) => k !== j));
        pair(
          se[i],
          fe[j],
          'closest-effect',
          `relative effect distance ${fmt(cost[i][j])}${Number.isFinite(runnerUp) ? `, next candidate ${fmt(runnerUp)}` : ''}`,
        );
      }
    }
  };

  // Within classes of equal initial value, then within one dtype and shape.
  byEffect(valueOf, true);
  byEffect(kindOf, false);
  // No measurable effect: the layer graph, then the only candidate.
  for (const s of freeSub()) {
    const f = freeFun().find((x) => x.name === hints.get(s.name) && kindOf(x) === kindOf(s));
    if (f) pair(s, f, 'graph');
  }
  for (const s of freeSub()) {
    const mine = freeSub().filter((o) => kindOf(o) === kindOf(s));
    const theirs = freeFun().filter((f) => kindOf(f) === kindOf(s));
    if (mine.length === 1 && theirs.length === 1) pair(s, theirs[0], 'only-candidate');
  }

  // Keys, unique by position.
  const funKeys = new Map<string, string>();
  const entries: PairingEntry[] = [];
  const back = new Map([...partner].map(([s, p]) => [p.f, { s, ...p }]));
  fun.forEach((f, j) => {
    const key = `${j}:${f.label}`;
    funKeys.set(f.name, key);
    const p = back.get(f);
    entries.push(
      p
        ? { key, subclass: p.s.name, functional: f.name, method: p.method, detail: p.detail }
        : { key, functional: f.name, method: 'unpaired', detail: whyAlone(f, sub, partner, 'subclass') },
    );
  });
  const subKeys = new Map<string, string>();
  sub.forEach((s, i) => {
    const p = partner.get(s);
    if (p) subKeys.set(s.name, funKeys.get(p.f.name)!);
    else {
      const key = `subclass:${i}:${s.label}`;
      subKeys.set(s.name, key);
      entries.push({ key, subclass: s.name, method: 'unpaired', detail: whyAlone(s, fun, back, 'functional') });
    }
  });
  return { subKeys, funKeys, entries };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(2) : 'unrelated');

/** Why a variable has no partner on the other side: nothing of its dtype and shape, or no evidence to choose. */
function whyAlone(v: RoleVar, other: RoleVar[], used: Map<RoleVar, unknown>, otherSide: string): string {
  const candidates = other.filter((o) => kindOf(o) === kindOf(v));
  if (candidates.length === 0)
    return `no ${otherSide} variable has dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}]`;
  const free = candidates.filter((o) => !used.has(o));
  if (free.length === 0)
    return `every ${otherSide} variable of dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}] is paired with another`;
  return `${free.length} ${otherSide} variables of dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}] are free, and none has a measurable effect on the outputs, an equal initial value or the same place in the layer graph to decide by`;
}
