import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { BadModuleError } from '../errors';
import type { CaseResult, ShrunkCase } from '../engine/CaseResult';
import type { BackendName } from '../runtime/selectBackend';
import type { CaseJob } from './CaseJob';
import type { Executor, PairInfo } from './Executor';
import { failedCase } from './failedCase';
import type { WorkerTask } from './worker';

/** How a pool runs its workers. */
export interface PoolOptions {
  workers: number;
  /** A case (or a pair module's loading and pre-flight) that runs longer is stopped: verdict `timeout`. */
  caseTimeoutMs: number;
  backend: BackendName;
  /** The backend `backend` resolved to in this process (what `auto` chose): failed cases name it. */
  ranOn?: string;
  /** Heap limit of each worker: a case that exhausts it crashes its worker, not the run. */
  maxHeapMb?: number;
  /** Stops every running job at once (their workers are terminated), e.g. on SIGTERM. */
  signal?: AbortSignal;
  /** Tasks a pool of workers runs before fresh workers take over (default {@link RECYCLE_AFTER}). */
  recycleAfter?: number;
}

/**
 * tfjs keeps process-wide bookkeeping for every layer it ever named (about
 * 165 bytes a layer, measured in the README's benchmark notes), which no dispose frees: a worker
 * that ran tens of thousands of cases holds hundreds of megabytes of it.
 * After this many tasks the pool's workers are retired (each finishes what
 * it runs) and fresh ones take the next tasks.
 */
export const RECYCLE_AFTER = 2000;

/** What a task ended in: its value, or why it gave none and what it was running. */
type Outcome<T> =
  { value: T } | { failed: 'timeout' | 'crashed'; message: string; running: string; ms: number } | { stopped: true };

const WORKER = join(__dirname, 'worker.js');

/** How long a new worker may take to load tfjs and its backend before its first task's clock starts. */
const STARTUP_LIMIT_MS = 120_000;

/**
 * Runs jobs in a pool of worker threads (piscina: each worker loads tfjs
 * and its backend once). Each job has its own time limit; a job past it is
 * stopped by terminating its worker, which the pool replaces; a worker that
 * dies under a job (an asynchronous throw, an unhandled rejection,
 * `process.exit`, exhausted memory) fails that job alone. Either way the job
 * comes back as a `timeout` or `crashed` result naming what it was running.
 */
export class PoolExecutor implements Executor {
  readonly concurrency: number;
  private pool: Piscina;
  private tasks = 0;
  /** Pools retired by recycling, closing once their running tasks end. */
  private readonly retired: Promise<void>[] = [];
  /** How many times fresh workers took over (for tests and the benchmark). */
  recycled = 0;
  private readonly running = new Set<AbortController>();
  /** Errors a worker caught between cases: thrown late by a case that had already returned. */
  readonly strays: string[] = [];

  constructor(private readonly o: PoolOptions) {
    // The worker is compiled JavaScript: a run from the sources (a test runner) has none to start.
    if (!existsSync(WORKER))
      throw new Error(`no compiled worker at ${WORKER}: run from the build (npm run build), or with workers: 0`);
    this.concurrency = o.workers;
    o.signal?.addEventListener('abort', () => this.running.forEach((a) => a.abort()));
    this.pool = this.newPool();
  }

  private newPool(): Piscina {
    return new Piscina({
      filename: WORKER,
      // Started as jobs come (a one-case run starts one worker), kept while the run goes on.
      minThreads: 0,
      maxThreads: this.o.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.o.maxHeapMb ?? 4096 },
    });
  }

  /** The pool the next task runs on: a fresh one every `recycleAfter` tasks. */
  private poolForTask(): Piscina {
    if (++this.tasks > (this.o.recycleAfter ?? RECYCLE_AFTER)) {
      this.tasks = 1;
      this.recycled++;
      const old = this.pool;
      this.pool = this.newPool();
      // close() lets the old workers finish the tasks they run, then ends them.
      this.retired.push(old.close().catch(() => undefined));
    }
    return this.pool;
  }

  private async task<T>(task: WorkerTask, timeoutMs: number): Promise<Outcome<T>> {
    const { port1, port2 } = new MessageChannel();
    let running = 'starting the worker (loading tfjs and its backend)';
    const abort = new AbortController();
    this.running.add(abort);
    let timedOut = false;
    let limitMs = Math.max(timeoutMs, STARTUP_LIMIT_MS);
    const expire = (ms: number) =>
      setTimeout(() => {
        timedOut = true;
        limitMs = ms;
        abort.abort();
      }, ms);
    // A new worker first loads tfjs and its backend: that is not the case's time, so
    // its clock starts when the worker says it has begun the task itself.
    let timer = expire(limitMs);
    let started = Date.now();
    let escaped: string | undefined;
    port1.on('message', (m: string | { stray: string } | { begun: true } | { escaped: string }) => {
      if (typeof m === 'string') running = m;
      else if ('stray' in m) this.strays.push(m.stray);
      else if ('escaped' in m) {
        // The worker caught an asynchronous error of this case and waits to be ended.
        escaped = m.escaped;
        abort.abort();
      } else {
        clearTimeout(timer);
        started = Date.now();
        limitMs = timeoutMs;
        timer = expire(timeoutMs);
      }
    });
    try {
      return {
        value: (await this.poolForTask().run(
          { ...task, port: port2 },
          { signal: abort.signal, transferList: [port2] },
        )) as T,
      };
    } catch (e) {
      const ms = Date.now() - started;
      if (escaped)
        return {
          failed: 'crashed',
          message: `${escaped} (noticed when the case next waited, while it was running: ${running})`,
          running,
          ms,
        };
      if (timedOut)
        return {
          failed: 'timeout',
          message: `did not finish within ${Math.round(limitMs / 1000)} s (it was running: ${running})`,
          running,
          ms,
        };
      if (abort.signal.aborted) return { stopped: true };
      const died = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return { failed: 'crashed', message: `its worker died while it was running ${running}: ${died}`, running, ms };
    } finally {
      clearTimeout(timer);
      this.running.delete(abort);
      port1.close();
    }
  }

  async inspectPair(file: string): Promise<PairInfo> {
    const r = await this.task<{ info?: PairInfo; bad?: string }>(
      { type: 'inspect', file, backend: this.o.backend },
      this.o.caseTimeoutMs,
    );
    if ('stopped' in r) throw new PairInspectionFailed(file, 'crashed', 'was stopped with the run');
    if ('failed' in r) throw new PairInspectionFailed(file, r.failed, r.message);
    if (r.value.bad) throw new BadModuleError(r.value.bad, file);
    return r.value.info!;
  }

  async run(job: CaseJob): Promise<CaseResult | undefined> {
    const r = await this.task<CaseResult>({ type: 'run', job }, this.o.caseTimeoutMs);
    if ('stopped' in r) return undefined;
    return 'failed' in r ? failedCase(job, r.failed, r.message, r.running, r.ms, this.o.ranOn) : r.value;
  }

  async shrink(job: CaseJob, result: CaseResult, label: string) {
    // A shrink runs up to hundreds of candidates: it gets ten case limits.
    const r = await this.task<{ shrunk?: ShrunkCase }>(
      { type: 'shrink', job, result, label },
      this.o.caseTimeoutMs * 10,
    );
    if ('stopped' in r) return { note: 'shrinking was stopped with the run' };
    return 'failed' in r
      ? { note: `shrinking ${r.failed === 'timeout' ? 'did not finish in time' : 'crashed'}: ${r.message}` }
      : { shrunk: r.value.shrunk };
  }

  async close(): Promise<void> {
    for (const a of this.running) a.abort();
    await this.pool.destroy();
    await Promise.all(this.retired);
  }
}

/**
 * A pair module whose loading or pre-flight never finished, or killed its
 * worker: not bad input (its code may be fine and only slow), so its case
 * is reported with that verdict and the run goes on.
 */
export class PairInspectionFailed extends Error {
  constructor(
    readonly file: string,
    readonly verdict: 'timeout' | 'crashed',
    message: string,
  ) {
    super(`${file}: loading and pre-flight ${message}`);
  }
}
