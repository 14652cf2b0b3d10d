#!/usr/bin/env node
/**
 * Measures what each regression fixture does on one backend, as the suites that replay it run it (one case with
 * the default options, judged), and prints `{ "<folder/file>": outcome }` as JSON — the README's "shows on" column
 * and each fixture's `expect.perBackend.<backend>`, measured rather than assumed.
 *
 *   npm run build
 *   node tools/recordOutcomes.js cpu > /tmp/cpu.json          # also wasm, tensorflow (one process each)
 *   node tools/recordOutcomes.js --apply /tmp/cpu.json /tmp/wasm.json /tmp/tensorflow.json
 *
 * `--apply` writes each measured outcome into its fixture's `expect.perBackend`, keeping everything else.
 * Fixtures of the top level, `wasm/` and `tensorflow/` are measured (kernel fixtures, which hold a call, and the
 * Keras `reference/` ones, which the Keras suites run with their own options, are not).
 */
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'fixtures', 'regressions');
const FOLDERS = ['', 'wasm', 'tensorflow'];

/** The recorded form of a result (specs/regressionOutcome.ts's outcomeOf, which the suites compare with). */
function outcomeOf(r) {
  const firstCheckpoint = r.divergences[0]?.checkpoint ?? r.errors[0]?.checkpoint;
  const missingKernel = r.verdict === 'backend-limitation' ? r.limitation?.kernel : undefined;
  return {
    verdict: r.verdict,
    ...(firstCheckpoint !== undefined && { firstCheckpoint }),
    ...(r.signature !== undefined && { signature: r.signature }),
    ...(r.knownCause !== undefined && { knownCause: r.knownCause }),
    ...(missingKernel !== undefined && { missingKernel }),
  };
}

function fixtures() {
  return FOLDERS.flatMap((folder) =>
    readdirSync(join(DIR, folder))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(folder, f))
      .filter((file) => JSON.parse(readFileSync(join(DIR, file), 'utf8')).spec !== undefined),
  );
}

async function measure(backend) {
  const h = require(join(ROOT, 'dist', 'harness'));
  await h.selectBackend(backend);
  const out = {};
  for (const file of fixtures()) {
    const entry = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
    const spec = h.validateSpec(entry.spec, file);
    const r = await h.checkCase({ kind: 'spec', name: spec.name, spec }, h.resolveCaseConfig({}), backend);
    out[file] = outcomeOf(r);
    process.stderr.write(`${file} on ${backend}: ${JSON.stringify(out[file])}\n`);
  }
  process.stdout.write(JSON.stringify({ backend, outcomes: out }, null, 2) + '\n');
}

function apply(files) {
  for (const f of files) {
    const { backend, outcomes } = JSON.parse(readFileSync(f, 'utf8'));
    for (const [file, outcome] of Object.entries(outcomes)) {
      const path = join(DIR, file);
      const entry = JSON.parse(readFileSync(path, 'utf8'));
      entry.expect.perBackend = { ...entry.expect.perBackend, [backend]: outcome };
      writeFileSync(path, JSON.stringify(entry, null, 2) + '\n');
    }
  }
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--apply') apply(rest);
else if (['cpu', 'wasm', 'tensorflow'].includes(first))
  measure(first).catch((e) => (console.error(e), process.exit(1)));
else {
  console.error('usage: node tools/recordOutcomes.js cpu|wasm|tensorflow  |  --apply FILE…');
  process.exit(2);
}
