/**
 * The worker a pool runs jobs in: one tfjs, one backend, for as many jobs
 * as it lives. Everything a user's code does runs here — a factory that
 * never returns, an asynchronous throw, `process.exit` or exhausted memory
 * ends this worker, not the run; the pool replaces it.
 */
import type { MessagePort } from 'node:worker_threads';
import { BadModuleError } from '../errors';
import { loadPair, type PairModule } from '../construct/PairModule';
import type { CaseResult } from '../engine/CaseResult';
import { preflightPair } from '../engine/preflightPair';
import { activity, onActivity } from '../runtime/activity';
import { selectBackend, type BackendName } from '../runtime/selectBackend';
import type { CaseJob } from './CaseJob';
import { executeJob, shrinkJob } from './executeJob';
import { errorLine } from '../runtime/errorLine';
import { pairInfo } from './Executor';

/** What a worker is asked to do; `port` carries what it is running back to the pool. */
export type WorkerTask =
  | { type: 'inspect'; file: string; backend: BackendName; port?: MessagePort }
  | { type: 'run'; job: CaseJob; port?: MessagePort }
  | { type: 'shrink'; job: CaseJob; result: CaseResult; label: string; port?: MessagePort };

let backend: { name: BackendName; ready: Promise<unknown> } | undefined;

/**
 * Errors thrown outside any await (a `setTimeout` callback, a promise no
 * one awaits) reach these handlers instead of killing the worker: one that
 * arrives while a task runs fails that task as crashed; one that arrives
 * between tasks (from a case that already returned) is reported as stray
 * with the next task, never blamed on it.
 */
let current: { escaped: unknown[] } | undefined;
let strays: string[] = [];
const escaped = (e: unknown) => {
  if (current) current.escaped.push(e);
  else strays.push(e instanceof Error ? e.message.split('\n')[0] : String(e));
};
process.on('uncaughtException', escaped);
process.on('unhandledRejection', escaped);

/** Lets a case's zero-delay timers and pending microtasks run before its task ends, so what they throw is still its own. */
async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setImmediate(r));
}
const modules = new Map<string, Promise<PairModule>>();
const load = (file: string) => {
  if (!modules.has(file)) modules.set(file, loadPair(file));
  return modules.get(file)!;
};

async function ready(name: BackendName): Promise<void> {
  if (backend?.name !== name) backend = { name, ready: selectBackend(name).then(keepOnlyOurListeners) };
  await backend.ready;
}

/**
 * Initializing @tensorflow/tfjs-backend-wasm in Node adds emscripten's
 * process listeners — `unhandledRejection` rethrows its reason and
 * `uncaughtException` rethrows the error — which turn a case's asynchronous
 * error into the death of this worker before the handlers above can say
 * which case it was. tfjs means to remove them when the backend is disposed,
 * but `!before.indexOf(listener) > -1` in tfjs-backend-wasm/src/cc/post.js is
 * always true, so that would remove every listener (specs/unit/runtime/
 * wasmProcessListeners.spec.ts shows both). Only this worker's own stay.
 */
function keepOnlyOurListeners(): void {
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    for (const l of process.listeners(event as 'uncaughtException'))
      if (l !== (escaped as unknown)) process.removeListener(event, l as (...a: unknown[]) => void);
  }
}

/** Runs one task; bad input comes back as `{ bad }` (an Error's class does not cross to the main thread). */
export default async function runTask(task: WorkerTask): Promise<unknown> {
  const mine: NonNullable<typeof current> = { escaped: [] };
  // An asynchronous error is noticed when the case next yields to the event loop, so
  // the pool names what was running then (its message says so: "escaped the case").
  onActivity((what) => task.port?.postMessage(what));
  for (const s of strays) task.port?.postMessage({ stray: s });
  strays = [];
  current = mine;
  try {
    const value = await perform(task);
    await settle();
    if (mine.escaped.length > 0) {
      const e = mine.escaped[0];
      const message = `an asynchronous error escaped the case: ${errorLine(e)}`;
      // The worker's state after such an error is not to be trusted: it says so and waits
      // for the pool to end it (the pool reads the message, then terminates this worker),
      // so the message cannot be overtaken by the worker's own exit.
      task.port?.postMessage({ escaped: message });
      setTimeout(() => process.exit(1), 60_000);
      return await new Promise<never>(() => undefined);
    }
    return value;
  } finally {
    current = undefined;
    onActivity(() => undefined);
    task.port?.close();
  }
}

async function perform(task: WorkerTask): Promise<unknown> {
  {
    await ready(task.type === 'inspect' ? task.backend : task.job.backend);
    // The case's time limit starts now, not while this worker was loading tfjs.
    task.port?.postMessage({ begun: true });
    if (task.type === 'inspect') {
      try {
        activity('loading the module');
        const pair = await load(task.file);
        activity('pre-flight (calling its factories)');
        const { feed } = await preflightPair(pair, task.file);
        return { info: pairInfo(pair, feed) };
      } catch (e) {
        if (e instanceof BadModuleError) return { bad: e.message };
        throw e;
      }
    }
    if (task.type === 'run') return await executeJob(task.job, load);
    return { shrunk: await shrinkJob(task.job, task.result, task.label) };
  }
}
