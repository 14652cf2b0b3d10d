/**
 * Calibrates `--reference keras`'s default tolerance: many small generated
 * cases per layer kind — one layer of the kind over a seeded input, its
 * config drawn by the kind's own sampler — run with the reference, and the
 * error of every compared tensor recorded (maxScaled = max |tfjs − keras| /
 * (scale + max(|tfjs|, |keras|)), scale = the tensor's largest magnitude on
 * either side among its kind's tensors at its checkpoint, at least FLOOR: `groupScale`). A kind whose greatest error in a phase
 * reaches CUTOFF (1e-3: some 10,000 ULP, far beyond what reordering a few
 * float32 sums gives) is not rounding but a disagreement — a finding, or a
 * translation to fix — and is left out of that phase's calibration, so
 * that it cannot widen the tolerance that is to find it; it is listed in
 * `disagreeing`. Each phase's rtol is `margin` × the greatest error of the
 * kinds that remain (a tensor's atol = rtol × its scale). Training runs
 * with plain SGD, whose update both libraries write alike (Adam and
 * Adadelta differ in their formulas, README: The Keras reference).
 * Writes tools/keras/calibration.json, with the per-kind
 * distribution the README's table is read from.
 * Run: npm run build && node dist/bench/calibrateKeras.js [CASES_PER_KIND]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { catalogue } from '../harness/architecture/catalogue';
import type { Picker, TypedShape } from '../harness/architecture/catalogue';
import type { ModelSpec } from '../harness/architecture/types';
import { validateSpec } from '../harness/architecture/validateSpec';
import { checkSpec } from '../harness';
import { REFERENCE_PHASES, type ReferencePhase } from '../harness/reference/ReferenceResult';
import { calibrationPath, phaseOf } from '../harness/reference/referenceTolerance';

const FLOOR = 1e-6;
const MARGIN = 4;
const CUTOFF = 1e-3;
const SHAPES: Record<number, number[]> = { 1: [6], 2: [5, 4], 3: [6, 6, 3], 4: [4, 4, 4, 2] };

function picker(rng: () => number): Picker {
  return {
    int: (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)),
    bool: () => rng() < 0.5,
    pick: (o) => o[Math.floor(rng() * o.length)],
  };
}

/** A one-layer spec of a kind (two inputs for merges), or undefined when the draw does not fit. */
function oneLayer(kind: string, k: number): ModelSpec | undefined {
  const entry = catalogue.get(kind)!;
  const need = entry.input.rank;
  const rank = typeof need === 'number' ? need : Math.max(need.min, 1 + (k % 3));
  const shape = SHAPES[rank] ?? SHAPES[3];
  const dtype = entry.input.dtype ?? 'float32';
  const n = entry.arity === 'merge' ? 2 : 1;
  const inputs: TypedShape[] = Array.from({ length: n }, () => ({ shape, dtype }));
  let config: unknown;
  try {
    config = entry.sample(picker(seedrandom(`${kind}:${k}`)), inputs);
  } catch {
    return undefined; // a kind the decoder builds (block): no sampler of its own
  }
  const spec: ModelSpec = {
    version: 1,
    name: `${kind}-${k}`,
    inputs: inputs.map((i, j) => ({
      id: `x${j}`,
      shape: i.shape,
      dtype: i.dtype,
      ...(dtype === 'int32' ? { maxValue: 3 } : {}),
    })),
    // A dense before a float layer gives every case weights to train (pooling, reshaping, merges have none).
    layers: [
      ...(dtype === 'float32' ? [{ id: 'p', kind: 'dense', config: { units: shape[shape.length - 1] } }] : []),
      { id: 'l', kind, config: config as Record<string, unknown> },
    ],
    nodes: [
      ...(dtype === 'float32' ? inputs.map((_, j) => ({ id: `p${j}`, layer: 'p', inputs: [`x${j}`] })) : []),
      { id: 'h', layer: 'l', inputs: inputs.map((_, j) => (dtype === 'float32' ? `p${j}` : `x${j}`)) },
    ],
    outputs: ['h'],
  };
  try {
    validateSpec(spec);
    return spec;
  } catch {
    return undefined;
  }
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))];
};

async function main(): Promise<void> {
  const perKind = Number(process.argv[2] ?? 6);
  const errors: Record<ReferencePhase, number[]> = { forward: [], loss: [], gradients: [], steps: [] };
  const kinds: Record<string, Partial<Record<ReferencePhase, number[]>>> = {};
  const notRun: Record<string, string> = {};
  // Each draw that disagrees somewhere, with what the triage proved on it: a known cause, or new.
  const disagreements: Record<string, { draw: number; phases: ReferencePhase[]; causes: string[] }[]> = {};
  for (const kind of catalogue.keys()) {
    for (let k = 0; k < perKind; k++) {
      const spec = oneLayer(kind, k);
      if (!spec) continue;
      const r = await checkSpec(spec, {
        reference: 'keras',
        backend: 'cpu',
        fit: false,
        reload: false,
        optimizer: 'sgd',
        steps: 2,
        batchSize: 3,
        seed: k + 1,
      });
      const ref = r.reference;
      if (!ref?.ran) {
        notRun[kind] = ref?.reason ?? r.errors.map((e) => e.message).join('; ');
        continue;
      }
      const off = new Set<ReferencePhase>();
      for (const c of ref.comparisons) {
        const p = phaseOf(c.checkpoint);
        if (!(c.maxScaled < CUTOFF)) off.add(p);
        if (!Number.isFinite(c.maxScaled)) continue;
        errors[p].push(c.maxScaled);
        ((kinds[kind] ??= {})[p] ??= []).push(c.maxScaled);
      }
      if (off.size > 0)
        (disagreements[kind] ??= []).push({
          draw: k + 1,
          phases: [...off],
          causes: r.knownCauses ?? [r.signature ? `new: ${r.signature}` : 'no divergence past the tolerance'],
        });
    }
    process.stderr.write(
      `${kind}: ${Object.values(kinds[kind] ?? {}).reduce((a, b) => a + b.length, 0)} comparisons${notRun[kind] ? ` (not run: ${notRun[kind].slice(0, 120)})` : ''}\n`,
    );
  }
  const disagreeing: Record<string, string[]> = {};
  const phases = Object.fromEntries(
    REFERENCE_PHASES.map((p) => {
      const agreeing = Object.entries(kinds).filter(([, ps]) => ps[p] && Math.max(...ps[p]!) < CUTOFF);
      disagreeing[p] = Object.entries(kinds)
        .filter(([, ps]) => ps[p] && Math.max(...ps[p]!) >= CUTOFF)
        .map(([k]) => k);
      const greatest = Math.max(0, ...agreeing.map(([, ps]) => Math.max(...ps[p]!)));
      const rtol = Math.max(MARGIN * greatest, 1e-7);
      return [p, { rtol: Number(rtol.toPrecision(2)), atol: Number((rtol * FLOOR).toPrecision(2)) }];
    }),
  );
  const out = {
    about: `Written by bench/calibrateKeras.ts on ${new Date().toISOString().slice(0, 10)}: ${perKind} one-layer cases per catalogue kind (config from the kind's sampler, seeds 1..${perKind}), cpu backend, sgd × 2 steps, batch 3, meanSquaredError. maxScaled = |tfjs − keras| / (scale + max(|tfjs|, |keras|)) per compared tensor, scale = the largest magnitude among the tensors of its kind at its checkpoint, on either side (at least ${FLOOR}); a kind whose greatest maxScaled in a phase reaches ${CUTOFF} disagrees (listed in disagreeing, left out); each phase's rtol is ${MARGIN} × the greatest maxScaled of the kinds that agree; a tensor's atol = rtol × that scale (atol below: the least, rtol × ${FLOOR}).`,
    cutoff: CUTOFF,
    floor: FLOOR,
    margin: MARGIN,
    comparisons: Object.fromEntries(REFERENCE_PHASES.map((p) => [p, errors[p].length])),
    phases,
    perKind: Object.fromEntries(
      Object.entries(kinds).map(([kind, ps]) => [
        kind,
        Object.fromEntries(
          Object.entries(ps).map(([p, xs]) => [
            p,
            {
              cases: xs.length,
              p50: Number(quantile(xs, 0.5).toPrecision(3)),
              p99: Number(quantile(xs, 0.99).toPrecision(3)),
              max: Number(Math.max(...xs).toPrecision(3)),
            },
          ]),
        ),
      ]),
    ),
    disagreeing,
    disagreements,
    notRun,
  };
  const file = process.argv[3] ?? calibrationPath();
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stderr.write(`wrote ${join(file)}\n`);
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
