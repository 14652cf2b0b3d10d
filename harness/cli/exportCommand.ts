import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { BACKENDS, exportCase, exportReference, kerasScriptFile, UsageError, type ExportSource } from '../index';
import { basename } from 'node:path';

/**
 * `parity-check export`: one case as a standalone script (a `.mjs` that
 * imports only tfjs), from a spec file, a pair module, a replay token, or
 * a case of a result file. `run` receives the action, for main() to call.
 */
export function exportCommand(run: (action: () => Promise<number>) => void): Command {
  const cmd = new Command('export')
    .description(
      'write a standalone script (imports only @tensorflow/tfjs, or -node) that rebuilds one case and shows its first finding: exit 1 while it is present, 0 once it is gone',
    )
    .option('--spec <file>', 'a spec file (or regression fixture): run it, then export it')
    .option('--pair <file>', 'a pair module: run it, then export it with its code bundled in')
    .option('--replay <token>', 'a replay token: run it, then export it')
    .option('--result <file>', 'a result file (JSON or JSONL) of an earlier run; with --case')
    .option('--case <name|index>', 'which case of --result')
    .option('--backend <name>', `backend to run a spec or token on: ${BACKENDS.join(', ')} (default auto)`)
    .option('--seed <n>', 'case seed for a spec (default the run default)', (v) => {
      if (!/^\d+$/.test(v)) throw new UsageError(`--seed takes a whole number, got '${v}'`);
      return Number(v);
    })
    .option(
      '--reference <name>',
      "export the case's first finding against Keras 3 (keras): a tfjs script with Keras's value embedded, and with --out F its Python twin F.keras.py",
    )
    .option('--out <file>', 'write the script here (default: stdout)');
  cmd.action(
    (o: {
      spec?: string;
      pair?: string;
      replay?: string;
      result?: string;
      case?: string;
      backend?: string;
      seed?: number;
      reference?: string;
      out?: string;
    }) =>
      run(async () => {
        const given = (['spec', 'pair', 'replay', 'result'] as const).filter((k) => o[k] !== undefined);
        if (given.length !== 1)
          throw new UsageError(
            `export takes exactly one of --spec, --pair, --replay, --result (given: ${given.map((k) => `--${k}`).join(', ') || 'none'})`,
          );
        if ((o.result === undefined) !== (o.case === undefined))
          throw new UsageError('--result and --case go together: the file, and which of its cases');
        const source: ExportSource = o.spec
          ? { spec: o.spec }
          : o.pair
            ? { pair: o.pair }
            : o.replay
              ? { replay: o.replay }
              : { result: o.result!, case: o.case! };
        if (o.reference !== undefined) {
          if (o.reference !== 'keras') throw new UsageError(`--reference takes keras, got '${o.reference}'`);
          const r = await exportReference(source, { backend: o.backend, seed: o.seed }, basename(o.out ?? 'repro.mjs'));
          if (!o.out) {
            process.stdout.write(r.script);
            console.error(
              `Keras's side (a Python script): pass --out FILE to write it as ${kerasScriptFile('FILE.mjs')}`,
            );
            return 0;
          }
          mkdirSync(dirname(o.out), { recursive: true });
          writeFileSync(o.out, r.script);
          writeFileSync(kerasScriptFile(o.out), r.python);
          console.error(
            `wrote ${o.out} and ${kerasScriptFile(o.out)}: case '${r.result.name}' against Keras 3 (atol ${r.tolerance.atol}, rtol ${r.tolerance.rtol}); run them with node ${o.out} and python ${kerasScriptFile(o.out)}`,
          );
          return 0;
        }
        const { script, result } = await exportCase(source, { backend: o.backend, seed: o.seed });
        if (o.out) {
          mkdirSync(dirname(o.out), { recursive: true });
          writeFileSync(o.out, script);
          console.error(
            `wrote ${o.out}: case '${result.name}' (${result.verdict} on ${result.backend}); run it with node ${o.out}`,
          );
        } else process.stdout.write(script);
        return 0;
      }),
  );
  return cmd;
}
