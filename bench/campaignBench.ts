/**
 * The campaign benchmark, per backend: one table whose columns are the
 * backends measured (cpu, wasm, tensorflow), every figure a ratio or a count
 * measured in this one run — the machine is shared and noisy, so absolute
 * times mean little (wall times are given for scale) and each speed-up sits
 * next to its control, measured just before it.
 *
 *   (a) the harness against a bare-tfjs floor doing the same tfjs work
 *       (bench/bareFloor.ts) on the same generated cases, interleaved;
 *   (b) --workers 2 against --workers 1 on one campaign, results compared,
 *       peak RSS, beside the controls (a CPU loop in 2 processes ÷ 1, in 2
 *       threads ÷ 1);
 *   (c) shrink candidates each of the six mutants takes to its minimum (a
 *       property of the shrinker, not of the kernels: cpu by default; name
 *       the section to run it on another backend and compare);
 *   (d) RSS, heap and tensor count over many cases in one process, and the
 *       same through the pool;
 *   (e) cases an hour with both cores, the share of a campaign spent
 *       shrinking, the main job's wall time and a longer campaign's.
 *
 * Run: npm run bench [-- --backend NAME | --backends a,b,c] [-- --sections a,b,c,d,e] [-- --quick]
 * (default: every backend that loads, every section; quick: smaller counts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { jsonDiff, stableJson, UNSTABLE_KEYS } from './jsonDiff';
import { median, peakRss, processControl, threadControl, timed } from './measure';

type Backend = 'cpu' | 'wasm' | 'tensorflow';
const ALL: Backend[] = ['cpu', 'wasm', 'tensorflow'];
const SECTIONS = ['a', 'b', 'c', 'd', 'e'];

/** One-line usage error, exit 2, as the CLI does. */
function usage(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`${name} needs a value`);
  return v;
}

function listFlag<T extends string>(value: string | undefined, known: readonly T[], what: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim());
  for (const item of items)
    if (!known.includes(item as T)) usage(`unknown ${what} "${item}" (known: ${known.join(', ')})`);
  return items as T[];
}

const quick = process.argv.includes('--quick');
const chosen = listFlag(flag('--backends') ?? flag('--backend'), ALL, 'backend') ?? ALL;
const sections = listFlag(flag('--sections'), SECTIONS, 'section');
/** (c) runs on cpu unless the sections are named: shrinking's counts do not depend on the backend (checked, README). */
const runs = (section: string, backend: Backend) =>
  sections ? sections.includes(section) : section !== 'c' || backend === 'cpu';

// The same counts on every backend, so the columns compare; cut from the cpu-only
// run's (120, 300, 2,000, 40, 1,000) so that all three backends fit in an hour
// with the machine's load at 15–25.
const N = {
  floor: quick ? 6 : 12,
  workers: quick ? 20 : 40,
  memory: quick ? 100 : 200,
  shrinkRuns: quick ? 6 : 10,
  campaign: quick ? 40 : 100,
};
const CLI = join(__dirname, '..', 'harness', 'cli', 'main.js');
const ROOT = join(__dirname, '..', '..');

/**
 * Where two runs of one campaign differ, case by case (times and stacks aside, see `UNSTABLE_KEYS`): each case that
 * differs with its outcome in both runs and the first field that differs, so a difference can be chased
 * (`bench/workerDeterminism.ts` prints every field).
 */
function differences(a: RunResult, b: RunResult): string[] {
  const show = (c: RunResult['cases'][number] | undefined) =>
    c ? `${c.verdict}${c.signature ? ` ${c.signature}` : ''}${c.knownCause ? ` [${c.knownCause}]` : ''}` : 'absent';
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.cases.length, b.cases.length); i++) {
    const [x, y] = [a.cases[i], b.cases[i]];
    const diff = jsonDiff(stableJson(x, UNSTABLE_KEYS), stableJson(y, UNSTABLE_KEYS));
    // Triage notes a case whose unchanged rerun observed something else (explainCase): the backend varied, in the run.
    const varied = [x, y].some((c) => c?.notes?.some((n) => n.startsWith('not reproducible on')));
    if (diff.length > 0)
      out.push(
        `${x?.name ?? y?.name}: 1 worker ${show(x)} · 2 workers ${show(y)} (first: ${diff[0].split(':')[0]})` +
          (varied ? ', a case that does not reproduce even in one worker (its note)' : ''),
      );
  }
  const rest = jsonDiff(stableJson({ ...a, cases: [] }, UNSTABLE_KEYS), stableJson({ ...b, cases: [] }, UNSTABLE_KEYS));
  if (rest.length > 0) out.push(`the run's ${rest.map((d) => d.split(':')[0]).join(', ')}`);
  return out;
}

/** The table: one row per measure, one column per backend. */
const table = new Map<string, { target: string; by: Partial<Record<Backend, string>> }>();
function row(backend: Backend, what: string, value: string, target = ''): void {
  const r = table.get(what) ?? { target, by: {} };
  r.by[backend] = value;
  table.set(what, r);
  console.error(`  [${backend}] ${what}: ${value}   (load ${loadavg()[0].toFixed(1)})`);
}

/** (a) Harness (engine alone, and run and judged) against the floor, case by case, the order alternating. */
async function floor(backend: Backend): Promise<void> {
  const jobs = planFuzz({ runs: N.floor, seed: 1, backend });
  for (const j of jobs.slice(0, 3)) await checkCase(j.source as never, j.config, backend); // warm-up: kernels, first builds
  let harness = 0;
  let engine = 0;
  let bare = 0;
  const perCase: number[] = [];
  for (const [i, j] of jobs.entries()) {
    if (j.source.kind !== 'spec') continue;
    const spec = j.source.spec;
    const steps = [
      async () => (engine += (await timed(() => runWithFallback(j.source as never, j.config, backend))).ms),
      async () => {
        const ms = (await timed(() => checkCase(j.source as never, j.config, backend))).ms;
        harness += ms;
        return ms;
      },
      async () => {
        const ms = (await timed(() => bareFloor(spec, j.config))).ms;
        bare += ms;
        return ms;
      },
    ];
    // Alternate the order, so neither always runs on a warmer machine.
    const order = i % 2 === 0 ? steps : [...steps].reverse();
    const ms: number[] = [];
    for (const s of order) ms.push(await s());
    perCase.push(i % 2 === 0 ? ms[1] / ms[2] : ms[1] / ms[0]);
  }
  row(
    backend,
    `(a) harness ÷ bare-tfjs floor, ${jobs.length} cases (sum of times)`,
    `${(harness / bare).toFixed(2)}× (engine alone ${(engine / bare).toFixed(2)}×; median case ${median(perCase).toFixed(2)}×)`,
    '≤ 1.10×',
  );
}

/** (b) One campaign on one and on two workers: the same result, the speed-up beside its controls, peak RSS. */
async function workers(backend: Backend): Promise<number> {
  const run = async (w: number) => {
    const cpu = process.cpuUsage();
    const r = await peakRss(() =>
      timed(() => check({ fuzz: { runs: N.workers, seed: 3, shrink: false }, backend, workers: w })),
    );
    const used = process.cpuUsage(cpu);
    return { ms: r.value.ms, value: r.value.value, peak: r.peak, cores: (used.user + used.system) / 1000 / r.value.ms };
  };
  await run(2); // warm-up: the first pool pays for starting its workers once
  const processes = await processControl();
  const threads = await threadControl();
  const one = await run(1);
  const two = await run(2);
  const differ = differences(one.value, two.value);
  row(
    backend,
    `(b) --workers 2 ÷ --workers 1 speed-up, ${N.workers} cases (${availableParallelism()} cores)`,
    `${(one.ms / two.ms).toFixed(2)}× · results ${differ.length === 0 ? 'identical' : `DIFFERENT in ${differ.length}: ${differ.join('; ')}`}`,
    '≥ 1.8×, identical',
  );
  row(
    backend,
    '(b) control, just before: a float loop in 2 processes ÷ 1 · in 2 threads ÷ 1',
    `${processes.toFixed(2)}× · ${threads.toFixed(2)}×`,
  );
  row(
    backend,
    '(b) cores busy (this process and its workers) with 1 worker · with 2',
    `${one.cores.toFixed(2)} · ${two.cores.toFixed(2)}`,
  );
  row(
    backend,
    '(b) peak RSS, whole process with its workers: 1 worker · 2',
    `${(one.peak / 2 ** 20).toFixed(0)} MiB · ${(two.peak / 2 ** 20).toFixed(0)} MiB`,
  );
  return (N.workers / two.ms) * 3_600_000;
}

/** (c) Shrink candidates per mutant: the finding of the mutant's kind with the smallest minimal model. */
async function shrinking(backend: Backend): Promise<void> {
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
    const { fuzz } = await fuzzCampaign({ runs: 20, seed: 7, backend, mutant });
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
    backend,
    '(c) shrink candidates to the minimal model / in all (options polished after), per mutant',
    `median ${median(counts)} / ${median(totals)} · ${each.join(' · ')}`,
    'median ≤ 100',
  );
}

/** (d) Memory over many cases in one process: growth from an early point (after warm-up) to the end. */
async function memory(backend: Backend): Promise<void> {
  const jobs = planFuzz({ runs: N.memory, seed: 11, backend });
  const at = Math.floor(N.memory / 10);
  let early = { rss: 0, heap: 0, tensors: 0 };
  const sample = () => {
    global.gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, tensors: tf.memory().numTensors };
  };
  for (const [i, j] of jobs.entries()) {
    await checkCase(j.source as never, j.config, backend);
    if (i + 1 === at) early = sample();
  }
  const end = sample();
  const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
  row(
    backend,
    `(d) growth from case ${at} to case ${N.memory} in one process (no recycling)`,
    `RSS ${pct(early.rss, end.rss)} (${(end.rss / 2 ** 20).toFixed(0)} MiB) · heap ${pct(early.heap, end.heap)} · tensors ${early.tensors} → ${end.tensors}${global.gc ? '' : ' (no --expose-gc: heap figures include garbage)'}`,
    '≤ 5 %',
  );
}

/** (d) The same through the pool (one worker, retired every `recycleAfter` tasks): the process's RSS, workers included. */
async function poolMemory(backend: Backend): Promise<void> {
  const recycleAfter = Math.max(50, Math.floor(N.memory / 4));
  const pool = new PoolExecutor({ workers: 1, caseTimeoutMs: 120_000, backend, ranOn: backend, recycleAfter });
  const jobs = planFuzz({ runs: N.memory, seed: 11, backend });
  const at = Math.floor(N.memory / 10);
  let early = 0;
  let peak = 0;
  try {
    for (const [i, j] of jobs.entries()) {
      await pool.run(j);
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      if (i + 1 === at) early = rss;
    }
    const end = process.memoryUsage().rss;
    row(
      backend,
      `(d) RSS from case ${at} to case ${N.memory} through the pool (workers retired every ${recycleAfter} tasks)`,
      `${(((end - early) / early) * 100).toFixed(1)} % (${(end / 2 ** 20).toFixed(0)} MiB; peak ${(peak / 2 ** 20).toFixed(0)} MiB; ${pool.recycled} retirements)`,
      '≤ 5 %',
    );
  } finally {
    await pool.close();
  }
}

/** (d) What tfjs alone keeps for every layer created, called and disposed: the in-process growth above. */
function tfjsNameBookkeeping(backend: Backend): void {
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
    backend,
    '(d) heap tfjs alone keeps per dense layer created, called and disposed (its process-wide name maps)',
    `${((b - a) / 20_000).toFixed(0)} bytes`,
  );
}

/** (e) Cases an hour, shrinking's share of a campaign (with and without new findings), wall times of real runs. */
async function campaigns(backend: Backend, perHour: number | undefined): Promise<void> {
  if (perHour !== undefined)
    row(
      backend,
      '(e) cases an hour with both cores (from b, no shrinking)',
      Math.round(perHour).toLocaleString('en-US'),
      '100,000',
    );
  for (const [n, mutant] of [
    [N.workers, undefined],
    [N.shrinkRuns, 'concat-swap'],
  ] as const) {
    const campaign = (shrink: boolean) =>
      timed(() => check({ fuzz: { runs: n, seed: 7, shrink }, mutant, backend, workers: 2 }));
    const without = await campaign(false);
    const withShrink = await campaign(true);
    const share = Math.max(0, (withShrink.ms - without.ms) / withShrink.ms);
    const fresh = withShrink.value.fuzz!.findings.filter((f) => !f.knownCause).length;
    row(
      backend,
      `(e) share of a ${n}-case campaign spent shrinking (${mutant ? `mutant ${mutant}` : 'no mutant'}) · new findings`,
      `${(share * 100).toFixed(0)} % · ${fresh}`,
      '≤ 20 %',
    );
  }
  const tmp = mkdtempSync(join(tmpdir(), 'parity-check-bench-'));
  const cli = (name: string, args: string[]) => {
    const t = Date.now();
    const r = spawnSync(
      process.execPath,
      [CLI, ...args, '--backend', backend, '--quiet', '--json', join(tmp, `${name}.json`)]
        .concat(['--junit', join(tmp, `${name}.xml`), '--html', join(tmp, `${name}.html`)])
        .concat(['--jsonl', join(tmp, `${name}.jsonl`)]),
      { cwd: ROOT, encoding: 'utf8' },
    );
    return {
      s: (Date.now() - t) / 1000,
      code: r.status,
      coverage: /coverage: (\d+) of (\d+)/.exec(r.stdout)?.slice(1).join('/'),
    };
  };
  const main = cli('main', []);
  row(backend, '(e) main job (`npx parity-check --backend B`) wall time', `${main.s.toFixed(1)} s (exit ${main.code})`);
  const big = cli('big', ['--runs', String(N.campaign), '--seed', '3']);
  row(
    backend,
    `(e) \`--runs ${N.campaign} --seed 3 --backend B\` wall time`,
    `${big.s.toFixed(0)} s (exit ${big.code}, coverage ${big.coverage} kinds)`,
  );
}

/** Every selected section on one backend; a backend that does not load is said so in its column. */
async function onBackend(backend: Backend): Promise<void> {
  const started = new Date();
  try {
    await selectBackend(backend);
  } catch (e) {
    row(backend, 'backend', `not measured: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  if (runs('a', backend)) await floor(backend);
  const perHour = runs('b', backend) ? await workers(backend) : undefined;
  if (runs('c', backend)) await shrinking(backend);
  if (runs('d', backend)) {
    await memory(backend);
    tfjsNameBookkeeping(backend);
    await poolMemory(backend);
  }
  if (runs('e', backend)) await campaigns(backend, perHour);
  row(
    backend,
    'measured (UTC) · load average at the end',
    `${started.toISOString().slice(11, 16)}–${new Date().toISOString().slice(11, 16)} · ${loadavg()[0].toFixed(1)}`,
  );
}

async function main(): Promise<void> {
  console.error(
    `parity-check campaign benchmark${quick ? ' (quick)' : ''}: tfjs ${tf.version.tfjs}, backends ${chosen.join(', ')}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const backend of chosen) await onBackend(backend);
  const measured = ALL.filter((b) => chosen.includes(b));
  console.log(`\n| measure | ${measured.join(' | ')} | target |\n|---|${measured.map(() => '---|').join('')}---|`);
  for (const [what, r] of table)
    console.log(`| ${what} | ${measured.map((b) => r.by[b] ?? '—').join(' | ')} | ${r.target} |`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
