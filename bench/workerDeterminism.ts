/**
 * One campaign, one result, whatever the worker count: runs the bench's (b)
 * campaign (seed 3, no shrinking) with `--workers 0` (in process), 1 and 2 on
 * each backend named, and prints every case whose result differs from the
 * in-process run's, as a JSON diff (path: one value → the other), times and stacks aside (`UNSTABLE_KEYS`).
 *
 * Run: npm run build && node dist/bench/workerDeterminism.js [--backends cpu,wasm,tensorflow] [--runs 40] [--seed 3]
 *      [--workers 0,1,2] [--keep DIR (writes each run's JSON there)]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type RunResult } from '../harness';
import { stableJson, jsonDiff } from './jsonDiff';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

const backends = flag('--backends', 'cpu,wasm,tensorflow').split(',');
const runs = Number(flag('--runs', '40'));
const seed = Number(flag('--seed', '3'));
const counts = flag('--workers', '0,1,2').split(',').map(Number);
const keep = flag('--keep', '');

async function main(): Promise<void> {
  let differing = 0;
  for (const backend of backends) {
    const results: RunResult[] = [];
    for (const workers of counts) {
      const started = Date.now();
      const r = await check({ fuzz: { runs, seed, shrink: false }, backend, workers });
      console.log(
        `${backend} --workers ${workers}: ${r.cases.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s · ` +
          `${JSON.stringify(r.summary)}`,
      );
      if (keep) {
        mkdirSync(keep, { recursive: true });
        writeFileSync(join(keep, `${backend}-w${workers}.json`), JSON.stringify(r, null, 1));
      }
      results.push(r);
    }
    const [base, ...rest] = results;
    for (const [k, r] of rest.entries()) {
      const label = `${backend}: --workers ${counts[0]} vs --workers ${counts[k + 1]}`;
      const n = Math.max(base.cases.length, r.cases.length);
      let cases = 0;
      for (let i = 0; i < n; i++) {
        const diff = jsonDiff(stableJson(base.cases[i]), stableJson(r.cases[i]));
        if (diff.length === 0) continue;
        cases++;
        console.log(`${label}: case ${base.cases[i]?.name ?? r.cases[i]?.name}:`);
        for (const d of diff.slice(0, 20)) console.log(`    ${d}`);
        if (diff.length > 20) console.log(`    … ${diff.length - 20} more`);
      }
      const top = jsonDiff(stableJson({ ...base, cases: [] }), stableJson({ ...r, cases: [] }));
      for (const d of top) console.log(`${label}: run: ${d}`);
      console.log(`${label}: ${cases} of ${n} cases differ${top.length ? `, and the run's ${top.length} fields` : ''}`);
      differing += cases;
    }
  }
  process.exitCode = differing > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
