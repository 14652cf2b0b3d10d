import type { TensorData } from '../runtime/tensorData';

// munkres (an optimal assignment, rectangular matrices) ships CommonJS, but its
// types are declared for its ES module only, which TypeScript will not let a
// CommonJS file import: required here with its one signature spelled out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { munkres } = require('munkres') as { munkres(costs: number[][]): [number, number][] };

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
  /** No measurable effect on the outputs: the only variable of the other side with the same dtype, shape and initial value. */
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
}

/** The result: keys of both sides by tfjs name, and how each was decided. */
export interface RolePairing {
  subKeys: Map<string, string>;
  funKeys: Map<string, string>;
  entries: PairingEntry[];
}

const kindOf = (v: RoleVar) => `${v.init.dtype}[${v.init.shape.join(',')}]`;

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const nonZero = (x: Float32Array | undefined): x is Float32Array => x !== undefined && x.some((v) => v !== 0 && !Number.isNaN(v));

/** The effect that says something: inference first (deterministic), else training. */
function telling(e: Effect | undefined): Float32Array | undefined {
  if (nonZero(e?.inference)) return e!.inference;
  if (nonZero(e?.training)) return e!.training;
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

/** An identity for exact matching: dtype, shape, initial bits and effect bits. */
function exactSignature(v: RoleVar, effect: Float32Array): string {
  const bits = (x: ArrayLike<number>) => Buffer.from(new Float64Array(Array.from(x)).buffer).toString('base64');
  return `${kindOf(v)}|${bits(v.init.values)}|${bits(effect)}`;
}

/**
 * Pairs a pair module's variables by their role in the computation (the
 * oracle's rule 4) — never by names, which users choose freely (`h/attn`),
 * nor by creation order. A variable's role is its effect on the outputs
 * ({@link Effect}): two variables that start alike and move the outputs
 * alike are the same variable of the model, whichever layer or `addWeight`
 * made it and whether the arithmetic around it is fused or not.
 *
 * 1. `role`: equal dtype, shape, initial value and a bit-identical, non-zero
 *    effect. Several such variables on each side are interchangeable:
 *    paired in order, which can never make a divergence.
 * 2. `closest-effect`: among the rest of one dtype and shape, the optimal
 *    assignment (Hungarian) by relative effect distance — where the sides
 *    round differently or really differ (their values are then compared,
 *    and any difference is a finding about the pair, not the pairing).
 * 3. Variables without a measurable effect (state the outputs never read,
 *    a weight used only in training): a unique equal initial value
 *    (`value`), then the layer-level graph (`graph`, from `hints`), then the
 *    only variable of its dtype and shape left on both sides.
 * 4. Anything else stays unpaired with the reason, so the inventory names it.
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

  // 1. Exact role: value and effect bit for bit.
  const bySig = new Map<string, { s: RoleVar[]; f: RoleVar[] }>();
  const add = (v: RoleVar, side: 's' | 'f') => {
    const e = telling(v.effect);
    if (!e) return;
    const sig = exactSignature(v, e);
    const g = bySig.get(sig) ?? { s: [], f: [] };
    g[side].push(v);
    bySig.set(sig, g);
  };
  sub.forEach((v) => add(v, 's'));
  fun.forEach((v) => add(v, 'f'));
  for (const g of bySig.values()) {
    const n = Math.min(g.s.length, g.f.length);
    const method = g.s.length > 1 || g.f.length > 1 ? 'interchangeable' : 'role';
    for (let i = 0; i < n; i++) pair(g.s[i], g.f[i], method, method === 'interchangeable' ? `${g.s.length} subclass and ${g.f.length} functional variables share value and effect` : undefined);
  }

  // 2. Closest effect, per dtype and shape.
  const kinds = new Set(sub.map(kindOf));
  for (const kind of kinds) {
    const ss = freeSub().filter((s) => kindOf(s) === kind && telling(s.effect));
    const fs = freeFun().filter((f) => kindOf(f) === kind && telling(f.effect));
    if (ss.length === 0 || fs.length === 0) continue;
    const cost = ss.map((s) => fs.map((f) => effectDistance(telling(s.effect)!, telling(f.effect)!)));
    // Infinity would break the assignment: unrelated is "as far as can be".
    const finite = cost.map((row) => row.map((c) => (Number.isFinite(c) ? c : 1e9)));
    for (const [i, j] of munkres(finite)) {
      const d = cost[i][j];
      const runnerUp = Math.min(...cost[i].filter((_, k) => k !== j));
      const detail = `relative effect distance ${fmt(d)}${Number.isFinite(runnerUp) ? `, next candidate ${fmt(runnerUp)}` : ''}`;
      pair(ss[i], fs[j], 'closest-effect', detail);
    }
  }

  // 3. No measurable effect: a unique equal value, then the graph, then the only candidate.
  for (const s of freeSub()) {
    const same = (a: RoleVar, b: RoleVar) => kindOf(a) === kindOf(b) && sameValues(a.init.values, b.init.values);
    const hits = freeFun().filter((f) => same(s, f));
    if (hits.length === 1 && freeSub().filter((o) => same(o, hits[0])).length === 1) pair(s, hits[0], 'value');
  }
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
    entries.push(p ? { key, subclass: p.s.name, functional: f.name, method: p.method, detail: p.detail } : { key, functional: f.name, method: 'unpaired', detail: whyAlone(f, sub, partner, 'subclass') });
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
  if (candidates.length === 0) return `no ${otherSide} variable has dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}]`;
  const free = candidates.filter((o) => !used.has(o));
  if (free.length === 0) return `every ${otherSide} variable of dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}] is paired with another`;
  return `${free.length} ${otherSide} variables of dtype ${v.init.dtype} and shape [${v.init.shape.join(', ')}] are free, and none has a measurable effect on the outputs, an equal initial value or the same place in the layer graph to decide by`;
}
