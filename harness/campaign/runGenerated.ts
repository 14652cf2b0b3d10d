import type { RunOptions } from '../engine/runCase';
import type { CaseResult } from '../engine/CaseResult';
import { resolveCaseConfig, type CaseOptions } from '../engine/resolveConfig';
import { decodeConfig, type RawCase } from '../generate/caseArbitrary';
import { decodeRecipe, type SizeOptions } from '../generate/decodeRecipe';
import { decoderVersion } from '../generate/decoderVersion';
import { encodeReplay } from '../generate/replayToken';
import { hashText } from '../runtime/hashText';
import type { BackendName } from '../runtime/selectBackend';
import { tf } from '../runtime/tf';
import { inferShapes } from '../architecture/inferShapes';
import type { ModelSpec } from '../architecture/types';
import { validateSpec } from '../architecture/validateSpec';
import type { CaseJob } from './CaseJob';
import { checkCase } from './checkCase';

/** Identity of one generated case besides its recipe and config. */
export interface GeneratedCase {
  name: string;
  seed: number;
  mutant?: string;
  sizes: SizeOptions;
  backend: BackendName;
  /**
   * The user's own options, applied on top of what the case generated
   * (`--no-fit`, `--tolerance`, an explicit `--optimizer` …): every option
   * applies to every case, and the case records the config it ran.
   */
  options?: CaseOptions;
}

/** The spec a generated case decodes to. */
export function decodeGenerated(raw: RawCase, g: Pick<GeneratedCase, 'name' | 'sizes'>): ModelSpec {
  return validateSpec(decodeRecipe(raw.recipe, g.name, g.sizes), `generated case ${g.name}`);
}

/** What a shrink must hold on to: the signature and the explanation (known cause, or new). */
export const labelOf = (r: CaseResult): string | undefined =>
  r.signature ? `${r.signature}|${r.knownCause ?? 'new'}` : undefined;

/** Options that can travel in a replay token (plain JSON). */
function portable(o: CaseOptions | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  const out = Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'mutant' && k !== 'seed'),
  );
  if (typeof o.tolerance === 'object') delete out.tolerance;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A generated case as a job: its spec, the config it runs with, and its replay token. */
export function planGenerated(raw: RawCase, g: GeneratedCase, index: number): CaseJob {
  const spec = decodeGenerated(raw, g);
  const generated: CaseOptions = decodeConfig(raw.config);
  // tfjs's fit accepts categorical crossentropy only on [batch, classes >= 2] targets.
  const shapes = inferShapes(spec).shapes;
  if (
    generated.loss === 'categoricalCrossentropy' &&
    // An output past a predicted rejection has no shape: the case ends at build, any loss will do.
    !spec.outputs.every((o) => shapes.get(o)?.shape.length === 1 && shapes.get(o)!.shape[0] >= 2)
  )
    generated.loss = 'meanSquaredError';
  const config = resolveCaseConfig(generated, { ...(g.options ?? {}), seed: g.seed, mutant: g.mutant });
  const replay = encodeReplay(
    { ...raw, seed: g.seed, mutant: g.mutant, sizes: g.sizes, name: g.name, options: portable(g.options) },
    { tfjs: tf.version.tfjs, decoder: decoderVersion(), spec: hashText(JSON.stringify(spec)) },
  );
  return {
    index,
    source: { kind: 'spec', name: g.name, spec, origin: 'fuzz' },
    config,
    backend: g.backend,
    generated: { raw, g, replay },
  };
}

/** Decodes, runs and judges one generated case here; the result carries its replay token and signature. */
export async function runGenerated(
  raw: RawCase,
  g: GeneratedCase,
  options: RunOptions = {},
): Promise<{ result: CaseResult; label?: string }> {
  const job = planGenerated(raw, g, 0);
  if (job.source.kind !== 'spec') throw new Error('a generated case is a spec');
  const result = await checkCase(
    { kind: 'spec', name: g.name, spec: job.source.spec, origin: 'fuzz' },
    job.config,
    g.backend,
    options,
  );
  result.replay = job.generated!.replay;
  return { result, label: labelOf(result) };
}
