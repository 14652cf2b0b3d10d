/**
 * What the benchmarks measure with: a timer, a median, a peak-RSS sampler
 * and the two controls a speed-up is read against. The machine is shared and
 * noisy, so every speed-up is reported next to a control measured in the same
 * run, just before it.
 */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';

/** Runs `f` and returns its value with its wall time in milliseconds. */
export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** The median of `xs` (NaN when empty). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs `f` while sampling the process's RSS (worker threads included) every 50 ms; returns its peak. */
export async function peakRss<T>(f: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await f();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

// A float-heavy loop (tfjs's cpu kernels are such loops): what a core gives to arithmetic.
const LOOP = `const a = new Float32Array(1 << 16), b = new Float32Array(1 << 16); for (let i = 0; i < a.length; i++) { a[i] = i % 7; b[i] = i % 5; }
let s = 0; for (let r = 0; r < 4000; r++) for (let i = 0; i < a.length; i++) s += a[i] * b[i];`;

/** 2 × one's time ÷ two's, after a warm-up run of one. */
async function gain(run: (n: number) => Promise<unknown>): Promise<number> {
  await run(1);
  const one = await timed(() => run(1));
  const two = await timed(() => run(2));
  return (2 * one.ms) / two.ms;
}

/**
 * The control for a speed-up: the float loop in one process, then in two
 * processes at once. Nothing is shared between processes, so this is what
 * the machine's cores give at that moment, whatever the harness does.
 */
export function processControl(): Promise<number> {
  return gain((n) =>
    Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) =>
            spawn(process.execPath, ['-e', `${LOOP} if (s < 0) console.log(s);`], { stdio: 'ignore' })
              .once('error', reject)
              .once('exit', () => resolve()),
          ),
      ),
    ),
  );
}

/** The same loop in one worker thread, then in two (the harness's workers are threads). */
export function threadControl(): Promise<number> {
  return gain((n) =>
    Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise((resolve) =>
            new Worker(`${LOOP} require('worker_threads').parentPort.postMessage(s);`, { eval: true }).once(
              'message',
              resolve,
            ),
          ),
      ),
    ),
  );
}
