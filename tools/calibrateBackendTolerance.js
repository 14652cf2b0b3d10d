#!/usr/bin/env node
/**
 * Reads the JSON result of a `--backends` run made with nothing tolerated
 * between backends in the way (`--backend-tolerance atol:1e30,rtol:1e30`)
 * and on correct kernels (`--onednn off`), and prints, per backend, the
 * greatest absolute and relative difference over all compared values and
 * their quantiles over cases: what DEFAULT_BACKEND_TOLERANCE
 * (harness/compare/backendTolerance.ts) is derived from.
 *
 *   npx parity-check --runs 60 --seed 7 --backends cpu,tensorflow \
 *     --backend-tolerance atol:1e30,rtol:1e30 --onednn off --no-shrink --json reports/calibration.json
 *   node tools/calibrateBackendTolerance.js reports/calibration.json
 */
'use strict';
const { readFileSync } = require('node:fs');

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/calibrateBackendTolerance.js RESULT.json');
  process.exit(2);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const cases = r.cases.filter((c) => c.crossBackend);
const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const backend of [...new Set(cases.flatMap((c) => c.crossBackend.pairs.map((p) => p.backend)))]) {
  const per = cases.map((c) => {
    const ps = c.crossBackend.pairs.filter((p) => p.backend === backend);
    return { name: c.name, abs: Math.max(...ps.map((p) => p.maxAbs)), rel: Math.max(...ps.map((p) => p.maxRel)) };
  });
  const abs = per.map((x) => x.abs).sort((a, b) => a - b);
  const compared = cases.reduce(
    (n, c) => n + c.crossBackend.pairs.filter((p) => p.backend === backend).reduce((m, p) => m + p.compared, 0),
    0,
  );
  console.log(`${r.config.backends[0]} vs ${backend}: ${per.length} cases, ${compared} values compared`);
  console.log(
    `  greatest absolute difference per case: median ${q(abs, 0.5)}, 90% ${q(abs, 0.9)}, 95% ${q(abs, 0.95)}, max ${abs[abs.length - 1]}`,
  );
  console.log(
    `  cases above 1e-4: ${
      per
        .filter((x) => x.abs > 1e-4)
        .map((x) => `${x.name} (${x.abs.toExponential(2)})`)
        .join(', ') || 'none'
    }`,
  );
}
