import { signatureOf } from '../triage/signatureOf';
import { resolveCaseConfig } from '../engine/resolveConfig';
import { decodeConfig, type RawCase } from '../generate/caseArbitrary';
import { decodeRecipe, type SizeOptions } from '../generate/decodeRecipe';
import { encodeReplay } from '../generate/replayToken';
import type { CaseResult } from '../engine/result';
import { validateSpec } from '../spec/validateSpec';
import { inferShapes } from '../spec/inferShapes';
import { runCases } from './runCases';
import type { BackendName } from '../runtime/selectBackend';

/** Identity of one generated case besides its recipe and config. */
export interface GeneratedCase {
  name: string;
  seed: number;
  mutant?: string;
  sizes: SizeOptions;
  backend: BackendName;
}

/** Decodes and runs one generated case; the result carries its replay token and signature. */
export async function runGenerated(raw: RawCase, g: GeneratedCase): Promise<{ result: CaseResult; signature?: string }> {
  const spec = validateSpec(decodeRecipe(raw.recipe, g.name, g.sizes), `generated case ${g.name}`);
  const options = decodeConfig(raw.config);
  // tfjs's fit accepts categorical crossentropy only on [batch, classes >= 2] targets.
  const shapes = inferShapes(spec).shapes;
  if (options.loss === 'categoricalCrossentropy' && !spec.outputs.every((o) => shapes.get(o)!.shape.length === 1 && shapes.get(o)!.shape[0] >= 2)) options.loss = 'meanSquaredError';
  const config = resolveCaseConfig({ ...options, seed: g.seed, mutant: g.mutant });
  const [result] = await runCases([{ kind: 'spec', name: g.name, spec, origin: 'fuzz' }], config, g.backend);
  result.config = { optimizer: config.optimizer, learningRate: options.optimizerOptions?.learningRate, steps: config.steps, batchSize: config.batchSize, loss: config.loss };
  result.replay = encodeReplay({ ...raw, seed: g.seed, mutant: g.mutant, sizes: g.sizes, name: g.name });
  const signature = signatureOf(result);
  if (signature) result.signature = signature;
  return { result, signature };
}
