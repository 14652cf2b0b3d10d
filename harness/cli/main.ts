#!/usr/bin/env node
import type { CliOptions, ReportOptions } from './CliOptions';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  DEFAULT_BACKEND_TOLERANCE,
  BACKENDS,
  check,
  DEFAULT_CASE_TIMEOUT_MS,
  DEFAULT_SIZES,
  DIVERGENCE_KINDS,
  formatCase,
  KNOWN_CAUSES,
  formatSummary,
  githubReport,
  initProject,
  loadConfig,
  htmlReport,
  jsonReport,
  junitReport,
  LOSSES,
  mergeResults,
  MUTANTS,
  OPTIMIZERS,
  ParityError,
  parseShard,
  readResultFile,
  locateNames,
  runExitCode,
  sarifReport,
  type RunResult,
} from '../index';
import { applyConfig, recordSources } from './applyConfig';
import { checkOutputPaths } from './outputPaths';
import { exportCommand } from './exportCommand';
import { createProgress } from './progress';
import { printTwinCommand } from './printTwinCommand';
import { DEFAULT_FILES, planReports, REPORTERS, type FileReport, type ReportPlan } from './reporters';

/** Where the package keeps its fixtures, wherever the command is run from. */
const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

/** Fuzz cases in the main job: enough to meet most layer kinds, quick on two cores. */
const DEFAULT_RUNS = 40;

const collect = (v: string, prev: string[] = []) => [...prev, v];
const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new ParityError(`--${name} takes a whole number, got '${v}'`);
  return Number(v);
};
const positive = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) === 0) throw new ParityError(`--${name} takes a whole number above 0, got '${v}'`);
  return Number(v);
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0))
    throw new ParityError(`--case-timeout takes a number of seconds above 0, got '${v}'`);
  return n;
};

/** `--shrink-known [causes]` as the campaign takes it; an id no known cause has is refused in one line. */
function shrinkKnownOf(v: boolean | string | string[] | undefined): boolean | string[] {
  if (v === undefined || typeof v === 'boolean') return v === true;
  const ids = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const known = new Set(KNOWN_CAUSES.map((c) => c.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined || ids.length === 0)
    throw new ParityError(
      `--shrink-known: ${unknown === undefined ? 'no cause id given' : `no known cause '${unknown}'`} (known: ${[...known].join(', ')})`,
    );
  return ids;
}

/** The report options every command that writes a result shares, in one help group. */
function withReports(c: Command): Command {
  return c
    .optionsGroup('Reports and exit code:')
    .option(
      '--reporter <names>',
      `reporters to use, repeatable or a comma list: ${REPORTERS.join(', ')} (default console,json,junit,html,jsonl; github is added when GITHUB_ACTIONS=true)`,
      collect,
    )
    .option('--json <file>', `write the run result as JSON (default ${DEFAULT_FILES.json})`)
    .option('--junit <file>', `write JUnit XML (default ${DEFAULT_FILES.junit})`)
    .option('--html <file>', `write the HTML divergence report (default ${DEFAULT_FILES.html})`)
    .option(
      '--sarif <file>',
      `write SARIF 2.1.0 for GitHub code scanning (default ${DEFAULT_FILES.sarif} with --reporter sarif)`,
    )
    .option(
      '--strict',
      'known findings (a documented tfjs behaviour proven on the case) fail too: exit 1, JUnit failure',
    )
    .option(
      '--allow <kinds>',
      `divergence kinds that do not fail the run, comma-separated (${DIVERGENCE_KINDS.join(', ')}): still reported, counted as allowed`,
    )
    .option('--verbose', 'print every finding and stack traces')
    .option('--color', 'colour the console report even off a terminal (as FORCE_COLOR=1)')
    .option('--no-color', 'no colour (as NO_COLOR=1)');
}

function program(): Command {
  const root = new Command('parity-check')
    .description(
      'Differential testing for TensorFlow.js: a tf.layers.Layer subclass vs the functional API, compared bit for bit.',
    )
    .optionsGroup('Inputs (none: the fixture specs and 40 generated cases):')
    .option('--spec <file>', 'a spec JSON file, or a regression fixture (repeatable)', collect)
    .option('--pair <module>', 'a pair module .mjs/.cjs/.js, or .ts/.mts/.cts (repeatable)', collect)
    .option(
      '--layer <module>',
      'a layer module { name, inputs, layer }: its functional twin is derived from a trace of call() (repeatable)',
      collect,
    )
    .option(
      '--print-twin <file>',
      'with one --layer: write its derived functional twin as a pair module you can keep and edit, and exit',
    )
    .option('--replay <token>', 'rerun exactly one generated case from its replay token')
    .addOption(
      new Option('--mutant <name>', 'inject a named fault into the subclass builder').choices(Object.keys(MUTANTS)),
    )
    .optionsGroup('How each case runs:')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS as string[]).default('auto'))
    .option('--seed <n>', 'case seed', int('seed'), 42)
    .option('--steps <n>', 'optimizer steps (custom loop) and fit epochs', int('steps'), 2)
    .option('--batch <n>', 'batch size', int('batch'), 4)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZERS as unknown as string[]).default('adam'))
    .option('--learning-rate <x>', 'optimizer learning rate', (v) => Number(v))
    .addOption(new Option('--loss <name>', 'loss').choices(LOSSES as unknown as string[]).default('meanSquaredError'))
    .option('--tolerance <t>', 'exact | ulp:N | atol:A,rtol:R', 'exact')
    .option(
      '--backends <list>',
      'also run each side on every listed backend (cpu,wasm,tensorflow; the first is the reference) and compare it across them',
    )
    .option('--backend-tolerance <t>', `tolerance between backends (default ${DEFAULT_BACKEND_TOLERANCE}, calibrated)`)
    .addOption(
      new Option(
        '--onednn <on|off>',
        "TensorFlow's oneDNN kernels (TF_ENABLE_ONEDNN_OPTS); default: TensorFlow's own",
      ).choices(['on', 'off']),
    )
    .option(
      '--kernels',
      'the kernel-level campaign: generated inputs for each known kernel on every --backends backend',
    )
    .option('--no-fit', 'skip the model.fit checkpoint')
    .option('--no-reload', 'skip the reload (save and load) checkpoint')
    .option(
      '--reference <name>',
      'also compare each spec with Keras 3 (keras; needs Python, see tools/keras/setupKeras.sh)',
    )
    .optionsGroup('Fuzzing:')
    .option(
      '--runs <n>',
      'generate and run N random architectures (default 40 when no --spec/--pair/--replay)',
      positive('runs'),
    )
    .option('--no-shrink', 'do not shrink new findings')
    .option(
      '--shrink-known [causes]',
      'shrink known findings too (each shrink candidate then reruns to prove its cause); with a comma list of cause ids, only those they explain (with --no-shrink: only those)',
    )
    .option('--max-steps <n>', 'most construction steps per generated model (default 6)', positive('max-steps'))
    .option('--max-inputs <n>', 'most inputs per generated model (default 2)', positive('max-inputs'))
    .optionsGroup('Workers, shards and resuming:')
    .option(
      '--workers <n>',
      `worker threads to run cases in (default: the machine's cores, ${availableParallelism()} here; 0 runs them in this process, with no time limit)`,
      int('workers'),
    )
    .option(
      '--case-timeout <s>',
      'a case running longer is stopped and reported as timeout',
      seconds,
      DEFAULT_CASE_TIMEOUT_MS / 1000,
    )
    .option(
      '--worker-heap <MiB>',
      "each worker's JavaScript heap limit; a case that exhausts it is reported as crashed",
      positive('worker-heap'),
      4096,
    )
    .option(
      '--shard <k/N>',
      'run only every N-th case, starting with the k-th (merge the shards with parity-check merge)',
    )
    .option('--resume', 'continue the stopped run its JSONL file records (the same options), keeping what it finished')
    .option('--quiet', 'no progress bar or progress lines');
  root
    .optionsGroup('Config file:')
    .option(
      '--config <file>',
      'read settings from this file (default: parity-check.config.{ts,mts,js,mjs,json} in this folder or the nearest above, up to the project root); a flag overrides it',
    )
    .option('--no-config', 'read no config file');
  withReports(root).option(
    '--jsonl <file>',
    `append each finished case to this JSON Lines file as it ends (default ${DEFAULT_FILES.jsonl})`,
  );
  // The root's options come before a subcommand, so `merge` reads its own --json, --junit …
  root.enablePositionalOptions();
  const merge = new Command('merge')
    .description(
      "merge the result files (JSON or JSONL) of a run's shards into the result of the whole run, and write every report from it",
    )
    .argument('<files...>', "the shards' result files");
  withReports(merge);
  root.addCommand(merge);
  const init = new Command('init').description(
    'write a starting parity-check.config.mjs and an example pair module (pairs/residual.pair.mjs) here',
  );
  root.addCommand(init);
  const exporting = exportCommand((a) => (exportAction = a));
  root.addCommand(exporting);
  for (const c of [root, merge, init, exporting])
    c.showSuggestionAfterError(true)
      .exitOverride()
      .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  return root;
}

/** What renders each file reporter; SARIF locates cases in their files and points generated ones at the JSON result. */
function renderer(name: FileReport['name'], plan: ReportPlan): (r: RunResult) => string {
  switch (name) {
    case 'json':
      return jsonReport;
    case 'junit':
      return junitReport;
    case 'html':
      return htmlReport;
    case 'sarif':
      return (r) =>
        sarifReport(r, {
          locate: locateNames(),
          resultFile: plan.files.find((f) => f.name === 'json')?.file ?? DEFAULT_FILES.json,
        });
  }
}

const LABEL: Record<FileReport['name'], string> = { json: 'JSON', junit: 'JUnit', html: 'HTML', sarif: 'SARIF' };

/**
 * Writes every report of a result and says where (with the console
 * reporter). Each is rendered and written on its own: a reporter that
 * fails (a disk full, a model too large for a picture) costs that one
 * file, never the others — the JSON holds everything the run computed.
 * GitHub annotations go to stdout after them. Returns whether all were written.
 */
function writeReports(result: RunResult, plan: ReportPlan): boolean {
  const written: string[] = [];
  for (const { name, file } of plan.files) {
    try {
      const text = renderer(name, plan)(result);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      written.push(file);
    } catch (e) {
      console.error(
        `parity-check: cannot write the ${LABEL[name]} report ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
  }
  if (plan.console && written.length > 0)
    console.log(
      `wrote ${written.slice(0, -1).join(', ')}${written.length > 1 ? ' and ' : ''}${written[written.length - 1]}`,
    );
  if (plan.github) process.stdout.write(githubReport(result, locateNames()));
  return written.length === plan.files.length;
}

/** Every file a run will write, with the flag that names it, checked before the first case. */
function checkOutputs(plan: ReportPlan): void {
  checkOutputPaths([
    ...plan.files.map((f) => ({ flag: `--${f.name}`, file: f.file })),
    ...(plan.jsonl ? [{ flag: '--jsonl', file: plan.jsonl }] : []),
  ]);
}

/** A run whose reports could not all be written exits 3 (not checked completely) unless it already fails. */
const reportsExit = (code: number, ok: boolean) => (ok || code !== 0 ? code : 3);

/** `parity-check merge FILE…`. */
function runMerge(files: string[], o: ReportOptions): number {
  const plan = planReports(o, process.env, false);
  checkOutputs(plan);
  const result = mergeResults(files.map((file) => ({ file, result: readResultFile(file) })));
  const strict = o.strict === true || result.config.strict;
  const merged = { ...result, config: { ...result.config, strict } };
  if (plan.console) console.log(formatSummary(merged, o.verbose));
  const ok = writeReports(merged, plan);
  return reportsExit(runExitCode(merged, strict), ok);
}

/** The signal that stopped the run, if one did. */
let stoppedBy: NodeJS.Signals | undefined;

async function runCheck(cmd: Command): Promise<number> {
  // A config file lies under the flags: what it sets counts as given, unless a flag gives it too.
  const explicit = cmd.opts<CliOptions>().config;
  const loaded = explicit === false ? undefined : await loadConfig(typeof explicit === 'string' ? explicit : undefined);
  if (loaded) applyConfig(cmd, loaded);
  const o = cmd.opts<CliOptions>();
  const plan = planReports(o, process.env);
  checkOutputs(plan);
  let specFiles: string[] = o.spec ?? [];
  const pairFiles: string[] = o.pair ?? [];
  const layerFiles: string[] = o.layer ?? [];
  if (o.printTwin !== undefined) return printTwinCommand(layerFiles, o.printTwin, o.backend ?? 'auto');
  const mainJob =
    specFiles.length === 0 &&
    pairFiles.length === 0 &&
    layerFiles.length === 0 &&
    o.replay === undefined &&
    o.kernels !== true;
  // Before libtensorflow loads (it reads the setting once); workers inherit it.
  if (o.onednn !== undefined) process.env.TF_ENABLE_ONEDNN_OPTS = o.onednn === 'on' ? '1' : '0';
  if (mainJob) {
    // The main job: every fixture spec, then a fuzz campaign.
    const dir = join(FIXTURES, 'specs');
    specFiles = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => relative(process.cwd(), join(dir, f)) || join(dir, f));
  }
  // Only what the user typed is an option: a pair's declared loss or a
  // generated case's optimizer stands unless a flag says otherwise.
  const given = <T>(name: string): T | undefined =>
    ['cli', 'config'].includes(cmd.getOptionValueSource(name) ?? '') ? (o[name as keyof CliOptions] as T) : undefined;
  // SIGINT/SIGTERM: nothing new starts, running cases are ended, and every
  // report is written from what finished; a second signal leaves at once.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) process.exit(signal === 'SIGINT' ? 130 : 143);
    stoppedBy = signal;
    process.stderr.write(`parity-check: ${signal}: stopping — ending running cases, writing what finished\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = createProgress(o.quiet === true);
  try {
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
      reference: given<string>('reference'),
      mutant: o.mutant,
      allow: o.allow,
      backends: Array.isArray(o.backends) ? o.backends.join(',') : o.backends,
      backendTolerance: o.backendTolerance,
      kernels: o.kernels === true ? {} : undefined,
      specFiles,
      pairFiles,
      layerFiles,
      replay: o.replay,
      fuzz:
        o.runs !== undefined || mainJob
          ? {
              runs: o.runs ?? DEFAULT_RUNS,
              seed: o.seed,
              shrink: o.shrink,
              shrinkKnown: shrinkKnownOf(o.shrinkKnown),
              sizes: {
                maxSteps: o.maxSteps ?? DEFAULT_SIZES.maxSteps,
                maxInputs: o.maxInputs ?? DEFAULT_SIZES.maxInputs,
              },
            }
          : undefined,
      workers: o.workers ?? availableParallelism(),
      caseTimeoutMs: o.caseTimeout * 1000,
      workerHeapMb: o.workerHeap,
      shard: o.shard !== undefined ? parseShard(o.shard) : undefined,
      jsonl: plan.jsonl,
      resume: o.resume === true,
      signal: stop.signal,
      onPlan: (total, done) => progress.plan(total, done),
      onCase: (c) => {
        recordSources(c, cmd);
        progress.case(c, plan.console ? formatCase(c, o.verbose) : undefined);
      },
    });
    progress.stop();
    if (loaded) result.configFile = loaded.file;
    if (plan.console) console.log(`\n${formatSummary(result, o.verbose)}`);
    const ok = writeReports(result, plan);
    // Refused inputs are errors: one line each on stderr too, like any bad input.
    for (const x of result.refused ?? []) console.error(`parity-check: ${x.message}`);
    if (stoppedBy) {
      console.log(
        `stopped by ${stoppedBy}: ${result.cases.length} of ${result.planned} cases finished; continue with the same options and --resume`,
      );
      return stoppedBy === 'SIGINT' ? 130 : 143;
    }
    return reportsExit(runExitCode(result, o.strict === true), ok);
  } finally {
    progress.stop();
  }
}

/** The export subcommand's action, once commander has parsed it. */
let exportAction: (() => Promise<number>) | undefined;

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  let action: (() => Promise<number> | number) | undefined;
  cmd.action(() => {
    action = () => runCheck(cmd);
  });
  const merge = cmd.commands.find((c) => c.name() === 'merge')!;
  merge.action((files: string[], opts: ReportOptions) => {
    action = () => runMerge(files, opts);
  });
  cmd.commands
    .find((c) => c.name() === 'init')!
    .action(() => {
      action = () => {
        const wrote = initProject();
        console.log(`wrote ${wrote.join(' and ')}; run npx parity-check`);
        return 0;
      };
    });
  try {
    cmd.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // help/version print and exit 0
    throw e;
  }
  return action ? action() : exportAction ? exportAction() : 0;
}

main(process.argv).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ParityError) {
      for (const line of e.message.split('\n')) console.error(`parity-check: ${line}`);
      if (process.argv.includes('--verbose')) console.error(e.stack);
      process.exit(e.exitCode);
    }
    console.error(
      `parity-check: internal error: ${e instanceof Error ? (process.argv.includes('--verbose') ? e.stack : e.message) : String(e)}`,
    );
    process.exit(3);
  },
);
