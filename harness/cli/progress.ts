import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { CaseResult } from '../index';

/** How a run shows its progress: live on a terminal, a line now and then in a log, or not at all. */
export interface Progress {
  plan(total: number, done: number): void;
  /** Prints a case's lines (above the bar on a terminal; none without the console reporter) and counts it. */
  case(c: CaseResult, lines: string | undefined): void;
  stop(): void;
}

/** Off a terminal: a line every this many cases, or this many seconds, whichever comes first. */
const EVERY_CASES = 25;
const EVERY_MS = 10_000;

/**
 * On a terminal, a live bar (cli-progress) on stderr — cases done of all,
 * cases a second, findings so far, time left — with each case's lines
 * printed above it; off a terminal (CI logs), one progress line every 25
 * cases or 10 seconds; `quiet`, neither (case lines still print).
 */
export function createProgress(quiet: boolean): Progress {
  const started = Date.now();
  let total = 0;
  let done = 0;
  let already = 0;
  let last = Date.now();
  const labels = new Set<string>();
  const live = !quiet && process.stderr.isTTY === true;
  const bars = live
    ? new MultiBar(
        {
          format: 'cases {bar} {value}/{total} · {rate}/s · {findings} findings · {eta_formatted} left',
          hideCursor: true,
          clearOnComplete: true,
          stream: process.stderr,
        },
        Presets.shades_classic,
      )
    : undefined;
  let bar: SingleBar | undefined;
  const rate = () => ((done - already) / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
  return {
    plan(t, d) {
      total = t;
      done = d;
      already = d;
      bar = bars?.create(total, done, { rate: '0.0', findings: 0 });
    },
    case(c, lines) {
      done++;
      if (c.signature) labels.add(`${c.signature}|${c.knownCause ?? 'new'}`);
      if (lines === undefined) {
        // no console reporter: only the count
      } else if (bars && process.stdout.isTTY) bars.log(lines + '\n');
      else console.log(lines);
      bar?.update(done, { rate: rate(), findings: labels.size });
      if (!quiet && !live && (done % EVERY_CASES === 0 || Date.now() - last >= EVERY_MS) && done < total) {
        last = Date.now();
        const left = Number(rate()) > 0 ? Math.round((total - done) / Number(rate())) : 0;
        process.stderr.write(
          `progress: ${done}/${total} cases · ${rate()} cases/s · ${labels.size} findings · about ${left} s left\n`,
        );
      }
    },
    stop() {
      bars?.stop();
    },
  };
}
