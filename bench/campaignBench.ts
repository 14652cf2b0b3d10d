/**
 * The campaign benchmark: one table, every figure a ratio or a count
 * measured in this one run (the machine is shared and noisy, so absolute
 * times mean little; wall times are given for scale).
 *
 *   (a) the harness against a bare-tfjs floor doing the same tfjs work
 *       (bench/bareFloor.ts) on the same generated cases, interleaved;
 *   (b) --workers 2 against --workers 1 on one campaign, results compared;
 *   (c) shrink candidates each of the six mutants takes to its minimum;
 *   (d) RSS, heap and tensor count over 2,000 cases in one process;
 *   (e) cases an hour with both cores, the share of a campaign spent
 *       shrinking, the main job's wall time and a 1,000-case campaign's;
 *   (f) per backend (cpu, wasm, tensorflow): cases an hour with both cores,
 *       harness ÷ floor, peak RSS, and --workers 2 ÷ --workers 1 next to a
 *       control measured just before it (a CPU loop in two processes ÷ one).
 *
 * Run: npm run bench [-- --quick] [-- --backends]   (quick: smaller counts,
 * same table; --backends: section (f) only)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  check,
  checkCase,
  fuzzCampaign,
  MUTANTS,
  planFuzz,
  PoolExecutor,
  runWithFallback,
  selectBackend,
  tf,
  type MutantName,
  type RunResult,
} from '../harness';
import { bareFloor } from './bareFloor';

const quick = process.argv.includes('--quick');
const N = {
  floor: quick ? 30 : 120,
  workers: quick ? 60 : 300,
  memory: quick ? 300 : 2000,
  shrinkRuns: quick ? 20 : 40,
  campaign: quick ? 200 : 1000,
  backendFloor: quick ? 8 : 16,
  backendWorkers: quick ? 30 : 60,
};
const CLI = join(__dirname, '..', 'harness', 'cli', 'main.js');
const ROOT = join(__dirname, '..', '..');

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const timeless = (r: RunResult) =>
  JSON.stringify(r, (k: string, v: unknown) => (k === 'durationMs' || k === 'startedAt' ? undefined : v));
const rows: [string, string, string][] = [];
const row = (what: string, value: string, target = '') => {
  rows.push([what, value, target]);
  console.error(`  ${what}: ${value}`);
};

/** (a) Harness (engine alone, and run and judged) against the floor, case by case, the order alternating. */
async function floor(): Promise<void> {
  await selectBackend('cpu');
  const jobs = planFuzz({ runs: N.floor, seed: 1, backend: 'cpu' });
  for (const j of jobs.slice(0, 3)) await checkCase(j.source as never, j.config, 'cpu'); // warm-up: kernels, first builds
  let harness = 0;
  let engine = 0;
  let bare = 0;
  const perCase: number[] = [];
  for (const [i, j] of jobs.entries()) {
    if (j.source.kind !== 'spec') continue;
    const spec = j.source.spec;
    const steps = [
      async () => (engine += (await timed(() => runWithFallback(j.source as never, j.config, 'cpu'))).ms),
      async () => {
        const ms = (await timed(() => checkCase(j.source as never, j.config, 'cpu'))).ms;
        harness += ms;
        return ms;
      },
      async () => {
        const ms = (await timed(() => bareFloor(spec, j.config))).ms;
        bare += ms;
        return ms;
      },
    ];
    const order = i % 2 === 0 ? steps : [...steps].reverse();
    const ms: number[] = [];
    for (const s of order) ms.push(await s());
    perCase.push(i % 2 === 0 ? ms[1] / ms[2] : ms[1] / ms[0]);
  }
  row(
    `(a) harness ÷ bare-tfjs floor, ${jobs.length} cases (sum of times)`,
    `${(harness / bare).toFixed(2)}× (engine alone ${(engine / bare).toFixed(2)}×; median case ${median(perCase).toFixed(2)}×)`,
    '≤ 1.10×',
  );
}

/**
 * What two threads can gain on this machine at all: a float-heavy loop
 * (tfjs's cpu kernels are such loops) in one thread, then in two at once.
 * Two vCPUs that share a physical core's floating-point units give far
 * less than 2×, whatever the harness does.
 */
function hardwareCeiling(): Promise<number> {
  const code = `const a = new Float32Array(1 << 16), b = new Float32Array(1 << 16); for (let i = 0; i < a.length; i++) { a[i] = i % 7; b[i] = i % 5; }
let s = 0; for (let r = 0; r < 4000; r++) for (let i = 0; i < a.length; i++) s += a[i] * b[i]; require('worker_threads').parentPort.postMessage(s);`;
  const run = (n: number) =>
    timed(() =>
      Promise.all(
        Array.from(
          { length: n },
          () => new Promise((resolve) => new Worker(code, { eval: true }).once('message', resolve)),
        ),
      ),
    );
  return (async () => {
    await run(1);
    const one = await run(1);
    const two = await run(2);
    return (2 * one.ms) / two.ms;
  })();
}

/**
 * The control for a speed-up: the same float loop in one process, then in
 * two processes at once (2 × one's time ÷ two's). Processes rather than
 * threads, as nothing is shared between them: what this gives is what the
 * machine's cores give at that moment, whatever the harness does.
 */
async function processCeiling(): Promise<number> {
  const code = `const a = new Float32Array(1 << 16), b = new Float32Array(1 << 16); for (let i = 0; i < a.length; i++) { a[i] = i % 7; b[i] = i % 5; }
let s = 0; for (let r = 0; r < 4000; r++) for (let i = 0; i < a.length; i++) s += a[i] * b[i]; if (s < 0) console.log(s);`;
  const run = (n: number) =>
    timed(() =>
      Promise.all(
        Array.from(
          { length: n },
          () =>
            new Promise<void>((resolve, reject) =>
              spawn(process.execPath, ['-e', code], { stdio: 'ignore' })
                .once('error', reject)
                .once('exit', () => resolve()),
            ),
        ),
      ),
    );
  await run(1);
  const one = await run(1);
  const two = await run(2);
  return (2 * one.ms) / two.ms;
}

/** Runs `f` while sampling the process's RSS (worker threads included) every 50 ms; returns its peak. */
async function peakRss<T>(f: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await f();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** (f) For each backend: harness ÷ floor, cases an hour on both cores, peak RSS, and the two-worker speed-up beside its control. */
async function backends(): Promise<void> {
  for (const backend of ['cpu', 'wasm', 'tensorflow'] as const) {
    try {
      await selectBackend(backend);
    } catch (e) {
      row(`(f) ${backend}`, `not measured: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const jobs = planFuzz({ runs: N.backendFloor, seed: 1, backend });
    for (const j of jobs.slice(0, 2)) await checkCase(j.source as never, j.config, backend); // warm-up
    let harness = 0;
    let bare = 0;
    for (const [i, j] of jobs.entries()) {
      if (j.source.kind !== 'spec') continue;
      const spec = j.source.spec;
      const h = () => timed(() => checkCase(j.source as never, j.config, backend)).then((t) => (harness += t.ms));
      const b = () => timed(() => bareFloor(spec, j.config)).then((t) => (bare += t.ms));
      // Alternate the order, so neither side always runs on a warmer machine.
      if (i % 2 === 0) await h().then(b);
      else await b().then(h);
    }
    const run = (w: number) =>
      peakRss(() =>
        timed(() => check({ fuzz: { runs: N.backendWorkers, seed: 3, shrink: false }, backend, workers: w })),
      );
    await run(2); // warm-up: the first pool pays for starting its workers once
    const control = await processCeiling();
    const one = await run(1);
    const two = await run(2);
    const same = timeless(one.value.value) === timeless(two.value.value);
    const perHour = (N.backendWorkers / two.value.ms) * 3_600_000;
    row(
      `(f) ${backend}: cases an hour with both cores (--workers 2, ${N.backendWorkers} cases, no shrinking)`,
      Math.round(perHour).toLocaleString('en-US'),
    );
    row(
      `(f) ${backend}: harness ÷ bare-tfjs floor, ${jobs.length} cases (sum of times)`,
      `${(harness / bare).toFixed(2)}×`,
    );
    row(
      `(f) ${backend}: peak RSS, whole process with its workers`,
      `${(two.peak / 2 ** 20).toFixed(0)} MiB with 2 workers · ${(one.peak / 2 ** 20).toFixed(0)} MiB with 1`,
    );
    row(
      `(f) ${backend}: --workers 2 ÷ --workers 1 speed-up · control: a CPU loop in 2 processes ÷ 1, measured just before`,
      `${(one.value.ms / two.value.ms).toFixed(2)}× · control ${control.toFixed(2)}× · results ${same ? 'identical' : 'DIFFERENT'}`,
    );
  }
  await selectBackend('cpu');
}

/** (b) One campaign on one and on two workers: the same result, and the speed-up. */
async function workers(): Promise<number> {
  const ceiling = await hardwareCeiling();
  const run = async (w: number) => {
    const cpu = process.cpuUsage();
    const r = await timed(() =>
      check({ fuzz: { runs: N.workers, seed: 3, shrink: false }, backend: 'cpu', workers: w }),
    );
    const used = process.cpuUsage(cpu);
    return { ...r, cores: (used.user + used.system) / 1000 / r.ms };
  };
  await run(2); // warm-up: the first pool pays for starting its workers once
  const one = await run(1);
  const two = await run(2);
  const same = timeless(one.value) === timeless(two.value);
  row(
    `(b) --workers 2 ÷ --workers 1 speed-up, ${N.workers} cases (${availableParallelism()} cores)`,
    `${(one.ms / two.ms).toFixed(2)}× · results ${same ? 'identical' : 'DIFFERENT'} · cores busy: ${one.cores.toFixed(2)} with one worker (V8's GC and compiler threads), ${two.cores.toFixed(2)} with two · a float loop in 2 threads ÷ 1: ${ceiling.toFixed(2)}×`,
    '≥ 1.8×, identical',
  );
  return (N.workers / two.ms) * 3_600_000;
}

/** (c) Shrink candidates per mutant: the finding of the mutant's kind with the smallest minimal model. */
async function shrinking(): Promise<void> {
  await selectBackend('cpu');
  const kind: Record<MutantName, string> = {
    'unshared-layer': 'inventory',
    'untracked-weights': 'inventory',
    'no-training-flag': 'forward',
    'concat-swap': 'forward',
    'skip-regularizer': 'loss',
    'drop-bias': 'inventory',
  };
  const counts: number[] = [];
  const totals: number[] = [];
  const each: string[] = [];
  for (const mutant of Object.keys(MUTANTS) as MutantName[]) {
    const { fuzz } = await fuzzCampaign({ runs: 20, seed: 7, backend: 'cpu', mutant });
    const mine = fuzz.findings
      .filter((f) => f.knownCause === undefined && f.signature.startsWith(`${kind[mutant]}|`))
      .sort((a, b) => a.minimalLayers - b.minimalLayers)[0];
    if (!mine) {
      each.push(`${mutant} not found`);
      continue;
    }
    counts.push(mine.shrinkCandidatesToLayers);
    totals.push(mine.shrinkCandidates);
    each.push(
      `${mutant} ${mine.shrinkCandidatesToLayers}/${mine.shrinkCandidates} (${mine.originalLayers}→${mine.minimalLayers} layers)`,
    );
  }
  row(
    '(c) shrink candidates to the minimal model / in all (options polished after), per mutant',
    `median ${median(counts)} / ${median(totals)} · ${each.join(' · ')}`,
    'median ≤ 100',
  );
}

/** (d) Memory over many cases in one process: growth from an early point (after warm-up) to the end. */
async function memory(): Promise<void> {
  await selectBackend('cpu');
  const jobs = planFuzz({ runs: N.memory, seed: 11, backend: 'cpu' });
  const at = Math.floor(N.memory / 10);
  let early = { rss: 0, heap: 0, tensors: 0 };
  const sample = () => {
    global.gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, tensors: tf.memory().numTensors };
  };
  for (const [i, j] of jobs.entries()) {
    await checkCase(j.source as never, j.config, 'cpu');
    if (i + 1 === at) early = sample();
  }
  const end = sample();
  const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
  row(
    `(d) growth from case ${at} to case ${N.memory} in one process (no recycling)`,
    `RSS ${pct(early.rss, end.rss)} (${(end.rss / 2 ** 20).toFixed(0)} MiB) · heap ${pct(early.heap, end.heap)} · tensors ${early.tensors} → ${end.tensors}${global.gc ? '' : ' (no --expose-gc: heap figures include garbage)'}`,
    '≤ 5 %',
  );
}

/** (d) The same through the pool (one worker, retired every 500 tasks): the process's RSS, workers included. */
async function poolMemory(): Promise<void> {
  const pool = new PoolExecutor({
    workers: 1,
    caseTimeoutMs: 120_000,
    backend: 'cpu',
    ranOn: 'cpu',
    recycleAfter: 500,
  });
  const jobs = planFuzz({ runs: N.memory, seed: 11, backend: 'cpu' });
  const at = Math.floor(N.memory / 10);
  let early = 0;
  const peak = { rss: 0 };
  try {
    for (const [i, j] of jobs.entries()) {
      await pool.run(j);
      const rss = process.memoryUsage().rss;
      peak.rss = Math.max(peak.rss, rss);
      if (i + 1 === at) early = rss;
    }
    const end = process.memoryUsage().rss;
    row(
      `(d) RSS from case ${at} to case ${N.memory} through the pool (workers retired every 500 tasks, ${pool.recycled} times)`,
      `${(((end - early) / early) * 100).toFixed(1)} % (${(end / 2 ** 20).toFixed(0)} MiB; peak ${(peak.rss / 2 ** 20).toFixed(0)} MiB)`,
      '≤ 5 %',
    );
  } finally {
    await pool.close();
  }
}

/** (d) What tfjs alone keeps for every layer created, called and disposed: the in-process growth above. */
async function tfjsNameBookkeeping(): Promise<void> {
  await selectBackend('cpu');
  const x = tf.zeros([1, 3]);
  const round = (n: number) => {
    for (let i = 0; i < n; i++) {
      const l = tf.layers.dense({ units: 2 });
      tf.dispose(l.apply(x) as never);
      l.dispose();
    }
  };
  round(2000);
  global.gc?.();
  const a = process.memoryUsage().heapUsed;
  round(20_000);
  global.gc?.();
  const b = process.memoryUsage().heapUsed;
  x.dispose();
  row(
    '(d) heap tfjs alone keeps per dense layer created, called and disposed (its process-wide name maps)',
    `${((b - a) / 20_000).toFixed(0)} bytes`,
  );
}

/** (e) Shrinking's share of a campaign that has new findings (a mutant's), and wall times of real runs. */
async function campaigns(perHour: number): Promise<void> {
  row(
    '(e) cases an hour with both cores (from b, no shrinking)',
    `${Math.round(perHour).toLocaleString('en-US')}`,
    '100,000',
  );
  for (const [runs, mutant] of [
    [N.workers, undefined],
    [N.shrinkRuns, 'concat-swap'],
  ] as const) {
    const campaign = (shrink: boolean) =>
      timed(() => check({ fuzz: { runs, seed: 7, shrink }, mutant, backend: 'cpu', workers: 2 }));
    const without = await campaign(false);
    const withShrink = await campaign(true);
    const share = Math.max(0, (withShrink.ms - without.ms) / withShrink.ms);
    const fresh = withShrink.value.fuzz!.findings.filter((f) => !f.knownCause).length;
    row(
      `(e) share of a ${runs}-case campaign spent shrinking (${mutant ? `mutant ${mutant}` : 'no mutant'}: ${fresh} new findings)`,
      `${(share * 100).toFixed(0)} %`,
      '≤ 20 %',
    );
  }
  const tmp = mkdtempSync(join(tmpdir(), 'parity-check-bench-'));
  const cli = (name: string, args: string[]) => {
    const t = Date.now();
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        ...args,
        '--quiet',
        '--json',
        join(tmp, `${name}.json`),
        '--junit',
        join(tmp, `${name}.xml`),
        '--html',
        join(tmp, `${name}.html`),
        '--jsonl',
        join(tmp, `${name}.jsonl`),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    return {
      s: (Date.now() - t) / 1000,
      code: r.status,
      coverage: /coverage: (\d+) of (\d+)/.exec(r.stdout)?.slice(1).join('/'),
    };
  };
  const main = cli('main', []);
  row('(e) main job (`npx parity-check`) wall time', `${main.s.toFixed(1)} s (exit ${main.code})`);
  const big = cli('big', ['--runs', String(N.campaign), '--seed', '3']);
  row(
    `(e) \`--runs ${N.campaign} --seed 3\` wall time`,
    `${big.s.toFixed(0)} s (exit ${big.code}, coverage ${big.coverage} kinds)`,
    N.campaign === 1000 ? '≤ 10 min' : '',
  );
}

async function main(): Promise<void> {
  console.error(
    `parity-check campaign benchmark${quick ? ' (quick)' : ''}: tfjs ${tf.version.tfjs}, cpu backend ((f): each backend), ${availableParallelism()} cores`,
  );
  if (process.argv.includes('--backends')) await backends();
  else {
    await floor();
    const perHour = await workers();
    await shrinking();
    await memory();
    await tfjsNameBookkeeping();
    await poolMemory();
    await campaigns(perHour);
    await backends();
  }
  console.log('\n| measure | this run | target |\n|---|---|---|');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
