/**
 * Throughput of generated cases, as ratios measured in one run (the
 * machine is shared and noisy, so absolute times mean little):
 *   - wasm vs cpu backend on the same cases,
 *   - a case with the fit checkpoint vs without it.
 * Run: npm run bench [-- RUNS]
 */
import { checkCase, fuzzCampaign, resolveCaseConfig, selectBackend, tf, type CaseSource } from '../harness';
import { caseArbitrary, decodeConfig } from '../harness/generate/caseArbitrary';
import { decodeRecipe } from '../harness/generate/decodeRecipe';
import fc from 'fast-check';

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 40);
  const results: Record<string, number> = {};
  for (const backend of ['cpu', 'wasm'] as const) {
    await selectBackend(backend);
    await fuzzCampaign({ runs: 3, seed: 99, backend, shrink: false }); // warm-up
    results[backend] = await timed(() => fuzzCampaign({ runs, seed: 1, backend, shrink: false }));
  }
  await selectBackend('cpu');
  const sources: CaseSource[] = fc
    .sample(caseArbitrary(), { seed: 1, numRuns: runs })
    .map((c, i) => ({ kind: 'spec', name: `b${i}`, spec: decodeRecipe(c.recipe, `b${i}`), origin: 'fuzz' }));
  const plan = (fit: boolean) =>
    sources.map((source) => ({
      source,
      config: resolveCaseConfig(decodeConfig({ optimizer: 2, learningRate: 0, steps: 2, batch: 4, loss: 0 }), { fit }),
    }));
  const runAll = async (fit: boolean) => {
    for (const p of plan(fit)) await checkCase(p.source, p.config, 'cpu');
  };
  const withFit = await timed(() => runAll(true));
  const noFit = await timed(() => runAll(false));
  console.log(`tfjs ${tf.version.tfjs}, ${runs} generated cases`);
  console.log(
    `cpu: ${(results.cpu / runs).toFixed(1)} ms/case · wasm (with cpu fallback for missing kernels): ${(results.wasm / runs).toFixed(1)} ms/case · ratio wasm/cpu ${(results.wasm / results.cpu).toFixed(2)}`,
  );
  console.log(
    `fit checkpoint: with/without ratio ${(withFit / noFit).toFixed(2)} (${(withFit / runs).toFixed(1)} vs ${(noFit / runs).toFixed(1)} ms/case)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
