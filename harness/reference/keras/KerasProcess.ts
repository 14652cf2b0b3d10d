import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findKerasPython, type KerasPython } from './findPython';

/** Where keras_reference.py is: tools/keras/ of the package (shipped there; harness/ sources are not), from the sources or dist/. */
export function referenceScript(): string {
  const fromSources = resolve(__dirname, '../../../tools/keras/keras_reference.py');
  return existsSync(fromSources) ? fromSources : resolve(__dirname, '../../../../tools/keras/keras_reference.py');
}

/** What the Python side answers to one request. */
export type KerasAnswer<T> = { ok: true; result: T } | { ok: false; error: string; trace?: string };

/** Versions the running reference reports. */
export interface KerasVersions {
  keras: string;
  tensorflow: string;
  numpy: string;
  backend: string;
}

/**
 * One Keras reference process, kept alive across cases: parity-check starts
 * one per worker (each worker thread loads this module once) and talks to
 * it in JSON lines. It holds the event loop only while a request is
 * waiting, so an idle reference never keeps a run from ending; it dies with
 * the run (its stdin closes).
 */
export class KerasProcess {
  private next = 1;
  private readonly pending = new Map<number, (a: KerasAnswer<unknown>) => void>();
  private stderrTail = '';
  private exited?: string;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly python: KerasPython,
    readonly versions: KerasVersions,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    child.on('exit', (code, signal) => this.onExit(`the Keras reference process exited (${signal ?? `code ${code}`})`));
    this.idle();
  }

  /** Starts the process and waits for its ready line (TensorFlow's import takes seconds). */
  static async start(python: KerasPython, timeoutMs = 180_000): Promise<KerasProcess> {
    const child = spawn(python.python, ['-u', referenceScript()], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, KERAS_BACKEND: 'tensorflow', TF_CPP_MIN_LOG_LEVEL: '3', PYTHONUNBUFFERED: '1' },
    });
    let tail = '';
    child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-4000)));
    const versions = await new Promise<KerasVersions>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the Keras reference did not start within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const rl = createInterface({ input: child.stdout });
      rl.once('line', (line) => {
        clearTimeout(timer);
        rl.close();
        try {
          done((JSON.parse(line) as { versions: KerasVersions }).versions);
        } catch {
          fail(new Error(`the Keras reference wrote an unreadable first line: ${line.slice(0, 200)}`));
        }
      });
      child.once('error', (e) => fail(e));
      child.once('exit', (code) =>
        fail(new Error(`the Keras reference exited at start (code ${code}): ${lastLine(tail)}`)),
      );
    });
    const p = new KerasProcess(child, python, versions);
    child.stderr.removeAllListeners('data');
    child.stderr.on('data', (d: Buffer) => (p.stderrTail = (p.stderrTail + d.toString()).slice(-4000)));
    return p;
  }

  /** Sends one request and waits for its answer. */
  request<T>(body: Record<string, unknown>): Promise<KerasAnswer<T>> {
    if (this.exited) return Promise.resolve({ ok: false, error: this.exited });
    const id = this.next++;
    return new Promise((done) => {
      this.pending.set(id, done as (a: KerasAnswer<unknown>) => void);
      this.busy();
      this.child.stdin.write(JSON.stringify({ ...body, id }) + '\n');
    });
  }

  /** Ends the process (its stdin closes, the Python loop returns). */
  close(): void {
    this.child.stdin.end();
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  private onLine(line: string): void {
    let msg: { id?: number } & KerasAnswer<unknown>;
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return; // not a protocol line (the script sends everything else to stderr)
    }
    const done = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!done) return;
    this.pending.delete(msg.id!);
    if (this.pending.size === 0) this.idle();
    done(msg);
  }

  private onExit(why: string): void {
    this.exited = `${why}: ${lastLine(this.stderrTail)}`;
    for (const done of this.pending.values()) done({ ok: false, error: this.exited });
    this.pending.clear();
    current = undefined;
  }

  // An idle reference must not keep the run alive; a waiting request must.
  private idle(): void {
    this.child.unref();
    (this.child.stdout as unknown as { unref(): void }).unref();
    (this.child.stderr as unknown as { unref(): void }).unref();
    (this.child.stdin as unknown as { unref?(): void }).unref?.();
  }

  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref(): void }).ref();
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.length > 0 ? lines[lines.length - 1].slice(0, 500) : 'no message';
}

let current: Promise<KerasProcess> | undefined;

/**
 * This worker's reference process, started on first use and kept alive; a
 * process that died is started again for the next case. Throws the
 * install hint when no Python with Keras is found.
 */
export function kerasProcess(): Promise<KerasProcess> {
  if (!current) {
    const { python, problem } = findKerasPython();
    if (!python) return Promise.reject(new Error(problem));
    current = KerasProcess.start(python).catch((e) => {
      current = undefined;
      throw e;
    });
  }
  return current;
}
