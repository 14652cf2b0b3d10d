#!/usr/bin/env node
// Writes the standalone script of every regression fixture beside it (fixtures/regressions/NAME.repro.mjs),
// as `parity-check export` makes it: on cpu, or on the backend a fixture records (wasm/…). Run after
// `npm run build` whenever the export or a fixture changes; specs/e2e/exportRegressions.spec.ts checks
// that each checked-in script is what export makes now and that it still shows its finding.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { exportCase } = require('../dist/harness');

const dir = join(__dirname, '..', 'fixtures', 'regressions');
// Every fixture, those in backend folders (wasm/ …) included.
const fixtures = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

(async () => {
  for (const f of fixtures) {
    const file = join(dir, f);
    const backend = JSON.parse(readFileSync(file, 'utf8')).expect.backend ?? 'cpu';
    const { script, result } = await exportCase({ spec: file }, { backend });
    const out = file.replace(/\.json$/, '.repro.mjs');
    writeFileSync(out, script);
    console.log(`${f}: ${result.verdict} on ${result.backend} → ${out}`);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
