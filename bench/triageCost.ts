/**
 * What proving known causes costs, as ratios measured in one run (the
 * machine is shared and noisy, so absolute times mean little): the same
 * generated cases run through the engine alone, and run and judged
 * (triage reruns a case once per suspected counterfactual cause).
 * Run: npm run bench:triage [-- RUNS]
 */
import fc from 'fast-check';
import { checkCase, resolveCaseConfig, runWithFallback, selectBackend, tf, type CaseSource } from '../harness';
import { caseArbitrary, decodeConfig } from '../harness/generate/caseArbitrary';
import { decodeRecipe } from '../harness/generate/decodeRecipe';

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 100);
  await selectBackend('cpu');
  const cases = fc.sample(caseArbitrary(), { seed: 1, numRuns: runs }).map((c, i) => ({
    source: { kind: 'spec', name: `b${i}`, spec: decodeRecipe(c.recipe, `b${i}`), origin: 'fuzz' } as CaseSource,
    config: resolveCaseConfig(decodeConfig(c.config), { seed: i + 1 }),
  }));
  // Warm-up: the first cases pay for kernel setup on both paths alike.
  for (const c of cases.slice(0, 3)) await checkCase(c.source, c.config, 'cpu');
  const engine = await timed(async () => {
    for (const c of cases) await runWithFallback(c.source, c.config, 'cpu');
  });
  const judged = await timed(async () => {
    const out = [];
    for (const c of cases) out.push(await checkCase(c.source, c.config, 'cpu'));
    return out;
  });
  const diverged = judged.value.filter((r) => r.verdict === 'divergence');
  const known = diverged.filter((r) => r.knownCause !== undefined);
  console.log(
    `tfjs ${tf.version.tfjs} on cpu, ${runs} generated cases (seed 1): ${diverged.length} diverge, ${known.length} of them proven known`,
  );
  console.log(
    `engine only: ${(engine.ms / runs).toFixed(1)} ms/case · run and judged: ${(judged.ms / runs).toFixed(1)} ms/case · ratio ${(judged.ms / engine.ms).toFixed(2)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
