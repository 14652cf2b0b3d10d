/**
 * parity-check's public API: everything the CLI and users need, and only that.
 */
export { check, type CheckOptions } from './run/check';
export { runCase } from './run/runCase';
export { runCases } from './run/runCases';
export type { CaseSource } from './run/CaseSource';
export { selectBackend, BACKENDS, type BackendName, type BackendChoice } from './run/selectBackend';
export { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from './run/makeOptimizer';
export { LOSSES, type LossName } from './run/losses';
export { resolveCaseConfig, resolveBackend, DEFAULTS, type CaseConfig, type CaseOptions } from './config/resolveConfig';
export { validateSpec } from './spec/validateSpec';
export { loadSpecFile } from './spec/loadSpecFile';
export { inferShapes } from './spec/inferShapes';
export { catalogue } from './spec/catalogue';
export type { ModelSpec, LayerSpec, NodeSpec, InputSpec, Shape } from './spec/types';
export { buildFunctional } from './build/buildFunctional';
export { buildSubclass } from './build/buildSubclass';
export { SpecSubclass } from './build/SpecSubclass';
export { seedFor } from './build/seedFor';
export { MUTANTS, isMutant, type MutantName } from './build/mutants';
export { decodeRecipe, DEFAULT_SIZES, type SizeOptions } from './generate/decodeRecipe';
export { caseArbitrary, recipeArbitrary, decodeConfig, type RawCase, type Recipe } from './generate/caseArbitrary';
export { encodeReplay, decodeReplay } from './generate/replayToken';
export { fuzzCampaign, type FuzzOptions } from './run/fuzzCampaign';
export { signatureOf } from './compare/signatureOf';
export { executionOrder } from './spec/executionOrder';
export { loadPair, validatePair, type PairModule, type PairContext } from './build/PairModule';
export { compareValues, describeStats, ulpDistance, type TensorData, type CompareStats } from './compare/compareValues';
export { parseTolerance, formatTolerance, type Tolerance } from './compare/Tolerance';
export type { Divergence, DivergenceKind, CaseError } from './compare/Divergence';
export type { Verdict } from './compare/verdict';
export { summarize, type CaseResult, type RunResult, type RunSummary, type Finding, type FuzzSummary } from './result';
export { formatCase, formatSummary } from './report/consoleReport';
export { jsonReport } from './report/jsonReport';
export { junitReport } from './report/junitReport';
export { exitCode } from './report/exitCode';
export { ParityError, InvalidSpecError, BadModuleError, UsageError, BackendError } from './errors';
export { tf } from './tf';
