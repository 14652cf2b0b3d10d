/**
 * parity-check's public API: everything the CLI and users need, and only that.
 */
export { check, DEFAULT_CASE_TIMEOUT_MS, type CheckOptions } from './campaign/check';
export { mergeResults, readResultFile } from './campaign/mergeResults';
export { parseShard, inShard, type Shard } from './campaign/shard';
export { findingsOf } from './campaign/findingsOf';
export { InProcessExecutor } from './campaign/InProcessExecutor';
export { PoolExecutor, type PoolOptions } from './campaign/PoolExecutor';
export type { Executor, PairInfo } from './campaign/Executor';
export type { CaseJob, JobSource } from './campaign/CaseJob';
export { checkCase } from './campaign/checkCase';
export { checkPair, checkSpec, checkReplay, type CheckOneOptions } from './campaign/checkPair';
export { checkLayer, layerModuleOf, type CheckLayerOptions, type LayerSubject } from './campaign/checkLayer';
export { printTwin } from './campaign/printTwin';
export { loadLayerModule } from './construct/PairModule';
export { isLayerModule, validateLayerModule, type LayerModule } from './construct/LayerModule';
export { defineLayer } from './construct/defineLayer';
export { twinPair, TWIN_SCOPE } from './construct/twin/twinPair';
export { OpLayer, type OpSpec } from './construct/twin/OpLayer';
export { WeightLayer } from './construct/twin/WeightLayer';
export { runCase } from './engine/runCase';
export { runWithFallback } from './engine/runWithFallback';
export type { CaseSource } from './engine/CaseSource';
export type { CaseHooks } from './checkpoints/CaseHooks';
export { selectBackend, BACKENDS, type BackendName, type BackendChoice } from './runtime/selectBackend';
export {
  tensorflowRuntime,
  describeTensorflowRuntime,
  RESULT_SETTINGS,
  type TensorflowRuntime,
} from './runtime/tensorflowRuntime';
export { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from './runtime/makeOptimizer';
export { LOSSES, type LossName } from './runtime/losses';
export { VARIABLE_LENGTH } from './runtime/makeInputs';
export {
  resolveCaseConfig,
  resolveBackend,
  ranConfig,
  DEFAULTS,
  type CaseConfig,
  type CaseOptions,
} from './engine/resolveConfig';
export { validateSpec } from './architecture/validateSpec';
export { loadSpecFile } from './architecture/loadSpecFile';
export { inferShapes } from './architecture/inferShapes';
export { catalogue } from './architecture/catalogue';
export type { ModelSpec, LayerSpec, NodeSpec, InputSpec, Shape, InputShape } from './architecture/types';
export { buildFunctional } from './construct/buildFunctional';
export { buildSubclass } from './construct/buildSubclass';
export { SpecSubclass } from './construct/SpecSubclass';
export { seedFor } from './runtime/seedFor';
export { MUTANTS, isMutant, type MutantName } from './construct/mutants';
export { decodeRecipe, DEFAULT_SIZES, type SizeOptions } from './generate/decodeRecipe';
export { caseArbitrary, recipeArbitrary, decodeConfig, type RawCase, type Recipe } from './generate/caseArbitrary';
export { encodeReplay, decodeReplay, type ReplayCase, type ReplayStamp } from './generate/replayToken';
export { decoderVersion } from './generate/decoderVersion';
export { fuzzCampaign, planFuzz, type FuzzOptions } from './campaign/fuzzCampaign';
export { signatureOf } from './triage/signatureOf';
export { explainCase } from './triage/explainCase';
export { diagnose, diagnosisOf } from './triage/diagnoses/diagnose';
export { DIAGNOSIS_RULES } from './triage/diagnoses';
export type { DiagnosisRule, Finding as DiagnosedFinding } from './triage/diagnoses/DiagnosisRule';
export { catalogueAnchor } from './triage/diagnoses/catalogueAnchor';
export type { KnownCause, Proof } from './triage/KnownCause';
export { outcomeOf, exitCode, type Outcome } from './triage/verdictPolicy';
export { summarize, type RunSummary } from './triage/summarize';
export { executionOrder } from './architecture/executionOrder';
export { loadPair, validatePair, type PairModule, type PairContext, type PairLoop } from './construct/PairModule';
export { definePair } from './construct/definePair';
export {
  pairByRole,
  effectDistance,
  type PairingEntry,
  type PairingMethod,
  type RoleVar,
  type Effect,
} from './compare/pairByRole';
export { compareValues, describeStats, ulpDistance, type TensorData, type CompareStats } from './compare/compareValues';
export { parseTolerance, formatTolerance, type Tolerance } from './compare/Tolerance';
export { DEFAULT_BACKEND_TOLERANCE } from './compare/backendTolerance';
export { checkAcrossBackends } from './reference/backends/checkAcrossBackends';
export { isolateKernel, replayBoth, type Isolation } from './reference/backends/isolateKernel';
export { kernelCases, type KernelCampaignOptions } from './reference/backends/kernelCases';
export { KERNEL_SIGNATURES } from './reference/backends/kernelCatalogue';
export {
  recordKernels,
  recordKernelsAsync,
  replayKernel,
  type KernelCall,
  type KernelTensor,
} from './trace/recordKernels';
export { replayInChild } from './trace/replayInChild';
export type {
  KernelFinding,
  CrossBackendRecord,
  BackendPairRecord,
  BackendRun,
  BackendDifference,
} from './trace/KernelFinding';
export { KNOWN_CAUSES, KERNEL_CAUSES } from './triage/causes';
export type { KernelCause } from './triage/KernelCause';
export {
  divergenceId,
  DIVERGENCE_KINDS,
  type Divergence,
  type DivergenceKind,
  type CaseError,
  type Diagnosis,
} from './compare/Divergence';
export { VERDICTS, type Verdict } from './engine/verdict';
export type { CaseResult, RanConfig, ShrunkCase, CaseOrigin, TwinSummary } from './engine/CaseResult';
export type { Evolution, WeightsPoint, LossSeries } from './checkpoints/Evolution';
export type { FirstMismatch } from './checkpoints/FirstMismatch';
export type { ModelGraph, GraphNode } from './checkpoints/ModelGraph';
export type { RunResult, Finding, FuzzSummary, RefusedInput } from './campaign/RunResult';
export { runExitCode } from './campaign/runExitCode';
export { formatCase, formatSummary } from './report/consoleReport';
export { colorEnabled, type ColorContext } from './report/colors';
export { jsonReport } from './report/jsonReport';
export { junitReport } from './report/junitReport';
export { htmlReport } from './report/htmlReport';
export { githubReport, annotation, escapeData, escapeProperty } from './report/githubReport';
export { sarifReport, sarifRuleId, findingFingerprint, type SarifOptions } from './report/sarifReport';
export { locateNames, locateNothing, nameLine, type Locate, type SourceLocation } from './report/sourceLocation';
export { reproduceCommand } from './report/reproduceCommand';
export { ParityError, InvalidSpecError, BadModuleError, UsageError, BackendError, TwinRefusedError } from './errors';
export { didYouMean } from './util/nearest';
export { defineConfig, configSchema, REPORTER_NAMES, type Config, type ReporterName } from './config/Config';
export { loadConfig, findConfig, CONFIG_FILES, type LoadedConfig } from './config/loadConfig';
export { initProject } from './config/initProject';
export { tf } from './runtime/tf';
export { exportCase, type ExportSource, type ExportedCase } from './export/exportCase';
export { caseScript } from './export/caseScript';
export { exportReference, kerasScriptFile, type ExportedReference } from './export/exportReference';
export { kernelScript, KERNEL_TOLERANCE, type KernelTolerance } from './export/kernelScript';
