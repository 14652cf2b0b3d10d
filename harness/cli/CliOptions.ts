/** What the report options of every result-writing command parse to (commander's camelCase names). */
export interface ReportOptions {
  reporter?: string[];
  json?: string;
  junit?: string;
  html?: string;
  sarif?: string;
  jsonl?: string;
  strict?: boolean;
  allow?: string;
  verbose?: boolean;
  color?: boolean;
}

/**
 * What the `parity-check` command's flags parse to. Typed in one place so
 * that a flag read under a misspelt name is a compile error, not `undefined`.
 */
export interface CliOptions extends ReportOptions {
  spec?: string[];
  pair?: string[];
  replay?: string;
  mutant?: string;
  backend?: string;
  seed?: number;
  steps?: number;
  batch?: number;
  optimizer?: string;
  learningRate?: number;
  loss?: string;
  tolerance?: string;
  fit?: boolean;
  reload?: boolean;
  runs?: number;
  shrink?: boolean;
  /** `--shrink-known` alone is `true`; with a comma list of cause ids, the list. */
  shrinkKnown?: boolean | string;
  maxSteps?: number;
  maxInputs?: number;
  workers?: number;
  caseTimeout: number;
  workerHeap?: number;
  shard?: string;
  resume?: boolean;
  quiet?: boolean;
  config?: string | false;
  /** `--backends`: a comma-separated list on the command line, an array from a config file. */
  backends?: string | string[];
  backendTolerance?: string;
  onednn?: string;
  kernels?: boolean;
  reference?: string;
  /** `--layer`: layer modules, their functional twin derived from a trace of `call()`. */
  layer?: string[];
  /** `--print-twin FILE`: write the derived twin of the one `--layer` as a pair module. */
  printTwin?: string;
}
