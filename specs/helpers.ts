import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCaseConfig, runCase, selectBackend, validateSpec, type CaseOptions, type CaseResult, type ModelSpec, type PairModule } from '../harness';

export const ROOT = join(__dirname, '..');

/** Engine tests run on cpu: every kernel exists there, so no case needs the auto fallback. */
export async function useCpu(): Promise<void> {
  await selectBackend('cpu');
}

/** Every fixture spec, validated. */
export function fixtureSpecs(): { file: string; spec: ModelSpec }[] {
  const dir = join(ROOT, 'fixtures', 'specs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, spec: validateSpec(JSON.parse(readFileSync(join(dir, f), 'utf8')), f) }));
}

/** Runs one spec case with the given options. */
export function runSpec(spec: ModelSpec, options: CaseOptions = {}): Promise<CaseResult> {
  return runCase({ kind: 'spec', name: spec.name, spec }, resolveCaseConfig(options));
}

/** Runs one in-memory pair. */
export function runPair(pair: PairModule, options: CaseOptions = {}): Promise<CaseResult> {
  return runCase({ kind: 'pair', name: pair.name, pair }, resolveCaseConfig(options));
}

/** Distinct divergence kinds of a result, sorted. */
export const kinds = (r: CaseResult) => [...new Set(r.divergences.map((d) => d.kind))].sort();

/** A small spec from nodes written as `id = layer(inputs)`. */
export function chain(name: string, input: number[], layers: { id: string; kind: string; config?: Record<string, unknown> }[]): ModelSpec {
  return validateSpec({
    version: 1,
    name,
    inputs: [{ id: 'x', shape: input }],
    layers,
    nodes: layers.map((l, i) => ({ id: `n${i}`, layer: l.id, inputs: [i === 0 ? 'x' : `n${i - 1}`] })),
    outputs: [`n${layers.length - 1}`],
  });
}
