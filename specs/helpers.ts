import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCase,
  resolveCaseConfig,
  runCase,
  selectBackend,
  tf,
  validateSpec,
  type BackendName,
  type CaseOptions,
  type CaseResult,
  type ModelSpec,
  type PairModule,
} from '../harness';

export const ROOT = join(__dirname, '..');

/** Engine tests run on cpu: every kernel exists there, so no case needs the auto fallback. */
export async function useCpu(): Promise<void> {
  await selectBackend('cpu');
}

/**
 * The backend the backend-dependent suites (engine and regression replays,
 * oracle soundness, pair catalogue) run on: cpu, and `tensorflow` in the
 * jest project of that name, which sets PARITY_CHECK_TEST_BACKEND (see
 * jest.config.js). Like cpu, tensorflow has every kernel.
 */
export const TEST_BACKEND: 'cpu' | 'tensorflow' =
  process.env.PARITY_CHECK_TEST_BACKEND === 'tensorflow' ? 'tensorflow' : 'cpu';

/** Selects {@link TEST_BACKEND}. */
export async function useTestBackend(): Promise<void> {
  await selectBackend(TEST_BACKEND);
}

/**
 * `it` in the cpu run only: for tests about another backend (wasm), which
 * the tensorflow run would only repeat. In the tensorflow run such a test is
 * not declared at all (they run, and count, in the cpu run), so no run
 * reports a skipped test.
 */
export const itOnCpuRun = (name: string, fn: jest.ProvidesCallback, timeout?: number): void => {
  if (TEST_BACKEND === 'cpu') it(name, fn, timeout);
};

/** Every fixture spec, validated. */
export function fixtureSpecs(): { file: string; spec: ModelSpec }[] {
  const dir = join(ROOT, 'fixtures', 'specs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, spec: validateSpec(JSON.parse(readFileSync(join(dir, f), 'utf8')), f) }));
}

const backend = () => tf.getBackend() as BackendName;

/** Runs and judges one spec case with the given options, on the current backend (known causes proven as the CLI proves them). */
export function runSpec(spec: ModelSpec, options: CaseOptions = {}): Promise<CaseResult> {
  return checkCase({ kind: 'spec', name: spec.name, spec }, resolveCaseConfig(options), backend());
}

/** Runs one spec case through the engine only: no triage. */
export function runSpecRaw(spec: ModelSpec, options: CaseOptions = {}): Promise<CaseResult> {
  return runCase({ kind: 'spec', name: spec.name, spec }, resolveCaseConfig(options));
}

/** Runs and judges one in-memory pair (its declared loss and optimizer below `options`). */
export function runPair(pair: PairModule, options: CaseOptions = {}): Promise<CaseResult> {
  return checkCase(
    { kind: 'pair', name: pair.name, pair },
    resolveCaseConfig({ loss: pair.loss, optimizer: pair.optimizer, optimizerOptions: pair.optimizerOptions }, options),
    backend(),
  );
}

/** Distinct divergence kinds of a result, sorted. */
export const kinds = (r: CaseResult) => [...new Set(r.divergences.map((d) => d.kind))].sort();

/** A small spec from nodes written as `id = layer(inputs)`. */
export function chain(
  name: string,
  input: number[],
  layers: { id: string; kind: string; config?: Record<string, unknown> }[],
): ModelSpec {
  return validateSpec({
    version: 1,
    name,
    inputs: [{ id: 'x', shape: input }],
    layers,
    nodes: layers.map((l, i) => ({ id: `n${i}`, layer: l.id, inputs: [i === 0 ? 'x' : `n${i - 1}`] })),
    outputs: [`n${layers.length - 1}`],
  });
}

/** The built CLI, run as a user runs it from the repository root. */
export const CLI = join(ROOT, 'dist', 'harness', 'cli', 'main.js');

/** Runs the CLI with arguments and reads the JSON result it wrote (undefined on bad input). */
export function cliJson(...args: string[]): { code: number | null; out: string; err: string; json: any } {
  const dir = mkdtempSync(join(tmpdir(), 'parity-check-cli-'));
  const file = join(dir, 'r.json');
  const r = spawnSync(
    process.execPath,
    [CLI, ...args, '--json', file, '--junit', join(dir, 'r.xml'), '--html', join(dir, 'r.html')],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    json: r.status === 2 ? undefined : JSON.parse(readFileSync(file, 'utf8')),
  };
}
