#!/usr/bin/env node
// Writes the standalone script of every regression fixture beside it (fixtures/regressions/NAME.repro.mjs),
// as `parity-check export` makes it: on cpu, or on the backend a fixture records (wasm/…); and of every
// pair module of the catalogue and of the tfjs findings (fixtures/pairs/NAME.mjs, fixtures/pairs/findings/),
// as `parity-check export --pair` makes it, on cpu. Run after `npm run build` whenever the export or a
// fixture changes; specs/e2e/exportRegressions.spec.ts and specs/e2e/exportPairs.spec.ts check that each
// checked-in script is what export makes now and that it still shows its finding.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');
const { exportCase, exportReference, kerasScriptFile, kernelScript } = require('../dist/harness');
const { findKerasPython } = require('../dist/harness/reference/keras/findPython');

// From the repository: a pair script's header names its module by its path from here.
process.chdir(join(__dirname, '..'));
const dir = join(__dirname, '..', 'fixtures', 'regressions');
const pairsDir = join(__dirname, '..', 'fixtures', 'pairs');
// The catalogue's entries and the tfjs findings no catalogue layer expresses (acceptance/, loading/, soundness/ are the
// engine's own test inputs, not findings).
const pairFiles = [
  ...readdirSync(pairsDir).filter((f) => f.endsWith('.mjs') && !f.endsWith('.repro.mjs')),
  ...readdirSync(join(pairsDir, 'findings'))
    .filter((f) => f.endsWith('.mjs') && !f.endsWith('.repro.mjs'))
    .map((f) => join('findings', f)),
].sort();
// Every fixture, those in backend folders (wasm/ …) included.
// Findings between backends export as kernel scripts (tensorflow/, written by their own step below);
// findings against Keras (reference/) as a tfjs script with Keras's value embedded, plus its Python twin
// (NAME.repro.keras.py) — only where Python and Keras are (tools/keras/setupKeras.sh), as the Keras suites run.
const fixtures = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();
const expected = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).expect;

(async () => {
  for (const f of fixtures) {
    const file = join(dir, f);
    if (expected(f).reference !== undefined) {
      const keras = findKerasPython();
      if (!keras.python) {
        // CI sets PARITY_CHECK_TEST_KERAS=required: there a missing Keras is a failure, not a skipped line.
        if (process.env.PARITY_CHECK_TEST_KERAS === 'required')
          throw new Error(`PARITY_CHECK_TEST_KERAS=required, but ${keras.problem}`);
        console.log(`${f}: not exported: ${keras.problem}`);
        continue;
      }
      // As `npx parity-check export --spec F --reference keras --backend cpu --out NAME.repro.mjs` writes them.
      const out = file.replace(/\.json$/, '.repro.mjs');
      // A fixture names the optimizer its finding needs (Adadelta's formula); the others export with the defaults.
      const optimizer = expected(f).optimizer;
      const r = await exportReference(
        { spec: file },
        { backend: 'cpu', ...(optimizer && { optimizer }) },
        basename(out),
      );
      writeFileSync(out, r.script);
      writeFileSync(kerasScriptFile(out), r.python);
      console.log(`${f}: against Keras 3 → ${out}, ${kerasScriptFile(out)}`);
      continue;
    }
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    if (entry.expect.backends !== undefined) {
      // A kernel fixture holds its call; a case fixture is run across its backends for its kernel finding.
      const script = entry.call
        ? kernelScript(entry.call, entry.expect.backends)
        : (await exportCase({ spec: file }, { backends: entry.expect.backends })).script;
      writeFileSync(file.replace(/\.json$/, '.repro.mjs'), script);
      console.log(`${f}: kernel script`);
      continue;
    }
    const backend = entry.expect.backend ?? 'cpu';
    let exported;
    try {
      exported = await exportCase({ spec: file }, { backend });
    } catch (e) {
      // Refused in one line: no script is written, and exportRegressions.spec.ts, which exports every fixture, fails.
      console.log(`${f}: not exported: ${e.message}`);
      continue;
    }
    const { script, result } = exported;
    const out = file.replace(/\.json$/, '.repro.mjs');
    writeFileSync(out, script);
    console.log(`${f}: ${result.verdict} on ${result.backend} → ${out}`);
  }
  for (const f of pairFiles) {
    // Relative paths, as a user types them: the script's header names the module so.
    const file = join('fixtures', 'pairs', f);
    let exported;
    try {
      exported = await exportCase({ pair: file }, { backend: 'cpu' });
    } catch (e) {
      // Refused in one line: no script is written, and exportPairs.spec.ts, which exports every pair, fails.
      console.log(`${f}: not exported: ${e.message}`);
      continue;
    }
    const out = file.replace(/\.mjs$/, '.repro.mjs');
    writeFileSync(out, exported.script);
    console.log(`${f}: ${exported.result.verdict} on ${exported.result.backend} → ${out}`);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
