#!/usr/bin/env node
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BACKENDS, check, DEFAULT_SIZES, exitCode, formatCase, formatSummary, htmlReport, jsonReport, junitReport, LOSSES, MUTANTS, OPTIMIZERS, ParityError } from '../index';

/** Where the package keeps its fixtures, wherever the command is run from. */
const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

/** Fuzz cases in the main job: enough to meet most layer kinds, quick on two cores. */
const DEFAULT_RUNS = 40;

const collect = (v: string, prev: string[] = []) => [...prev, v];
const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new ParityError(`--${name} takes a whole number, got '${v}'`);
  return Number(v);
};

function program(): Command {
  return new Command('parity-check')
    .description('Differential testing for TensorFlow.js: a tf.layers.Layer subclass vs the functional API, compared bit for bit.')
    .option('--spec <file>', 'a spec JSON file (repeatable)', collect)
    .option('--pair <module>', 'a pair module .mjs/.cjs/.js (repeatable)', collect)
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS as string[]).default('auto'))
    .option('--seed <n>', 'case seed', int('seed'), 42)
    .option('--steps <n>', 'optimizer steps (custom loop) and fit epochs', int('steps'), 2)
    .option('--batch <n>', 'batch size', int('batch'), 4)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZERS as unknown as string[]).default('adam'))
    .option('--learning-rate <x>', 'optimizer learning rate', (v) => Number(v))
    .addOption(new Option('--loss <name>', 'loss').choices(LOSSES as unknown as string[]).default('meanSquaredError'))
    .option('--tolerance <t>', 'exact | ulp:N | atol:A,rtol:R', 'exact')
    .option('--no-fit', 'skip the model.fit checkpoint')
    .option('--no-reload', 'skip the reload (save and load) checkpoint')
    .addOption(new Option('--mutant <name>', 'inject a named fault into the subclass builder').choices(Object.keys(MUTANTS)))
    .option('--runs <n>', 'fuzz: generate and run N random architectures (default 40 when no --spec/--pair/--replay)', int('runs'))
    .option('--replay <token>', 'rerun exactly one generated case from its replay token')
    .option('--no-shrink', 'fuzz: do not shrink new findings')
    .option('--shrink-known', 'fuzz: shrink known findings too (each shrink candidate then reruns to prove its cause)')
    .option('--max-steps <n>', 'fuzz: most construction steps per generated model (default 6)', int('max-steps'))
    .option('--max-inputs <n>', 'fuzz: most inputs per generated model (default 2)', int('max-inputs'))
    .option('--strict', 'known findings (a documented tfjs behaviour proven on the case) fail too: exit 1, JUnit failure')
    .option('--json <file>', 'write the run result as JSON (default reports/parity-check.json)')
    .option('--junit <file>', 'write JUnit XML (default reports/parity-check.junit.xml)')
    .option('--html <file>', 'write the HTML divergence report (default reports/parity-check.html)')
    .option('--verbose', 'print every finding and stack traces')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  try {
    cmd.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // help/version print and exit 0
    throw e;
  }
  const o = cmd.opts();
  let specFiles: string[] = o.spec ?? [];
  const pairFiles: string[] = o.pair ?? [];
  const mainJob = specFiles.length === 0 && pairFiles.length === 0 && o.replay === undefined;
  if (mainJob) {
    // The main job: every fixture spec, then a fuzz campaign.
    const dir = join(FIXTURES, 'specs');
    specFiles = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => relative(process.cwd(), join(dir, f)) || join(dir, f));
  }
  // Only what the user typed is an option: a pair's declared loss or a
  // generated case's optimizer stands unless a flag says otherwise.
  const given = <T>(name: string): T | undefined => (cmd.getOptionValueSource(name) === 'cli' ? (o[name] as T) : undefined);
  const result = await check({
    backend: o.backend,
    strict: o.strict === true,
    seed: given<number>('seed'),
    steps: given<number>('steps'),
    batchSize: given<number>('batch'),
    optimizer: given<string>('optimizer'),
    optimizerOptions: o.learningRate !== undefined ? { learningRate: o.learningRate } : undefined,
    loss: given<string>('loss'),
    tolerance: given<string>('tolerance'),
    fit: given<boolean>('fit'),
    reload: given<boolean>('reload'),
    mutant: o.mutant,
    specFiles,
    pairFiles,
    replay: o.replay,
    fuzz:
      o.runs !== undefined || mainJob
        ? { runs: o.runs ?? DEFAULT_RUNS, seed: o.seed, shrink: o.shrink, shrinkKnown: o.shrinkKnown === true, sizes: { maxSteps: o.maxSteps ?? DEFAULT_SIZES.maxSteps, maxInputs: o.maxInputs ?? DEFAULT_SIZES.maxInputs } }
        : undefined,
    onCase: (c) => console.log(formatCase(c, o.verbose)),
  });
  console.log('');
  console.log(formatSummary(result, o.verbose));
  const jsonFile = o.json ?? join('reports', 'parity-check.json');
  const junitFile = o.junit ?? join('reports', 'parity-check.junit.xml');
  const htmlFile = o.html ?? join('reports', 'parity-check.html');
  for (const [file, text] of [[jsonFile, jsonReport(result)], [junitFile, junitReport(result)], [htmlFile, htmlReport(result)]]) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  console.log(`wrote ${jsonFile}, ${junitFile} and ${htmlFile}`);
  return exitCode(result.cases, o.strict === true);
}

main(process.argv).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ParityError) {
      console.error(`parity-check: ${e.message}`);
      if (process.argv.includes('--verbose')) console.error(e.stack);
      process.exit(e.exitCode);
    }
    console.error(`parity-check: internal error: ${e instanceof Error ? (process.argv.includes('--verbose') ? e.stack : e.message) : String(e)}`);
    process.exit(3);
  },
);
