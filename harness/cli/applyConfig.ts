import type { Command } from 'commander';
import { DEFAULTS, type CaseResult, type Config, type LoadedConfig } from '../index';

/** The command-line option each config key sets (the flag's camelCase name; lists in the plural). */
const OPTION: Record<keyof Config, string> = {
  specs: 'spec',
  pairs: 'pair',
  reporters: 'reporter',
  runs: 'runs',
  seed: 'seed',
  backend: 'backend',
  steps: 'steps',
  batch: 'batch',
  optimizer: 'optimizer',
  learningRate: 'learningRate',
  loss: 'loss',
  tolerance: 'tolerance',
  fit: 'fit',
  reload: 'reload',
  reference: 'reference',
  mutant: 'mutant',
  backends: 'backends',
  backendTolerance: 'backendTolerance',
  onednn: 'onednn',
  kernels: 'kernels',
  shrink: 'shrink',
  shrinkKnown: 'shrinkKnown',
  maxSteps: 'maxSteps',
  maxInputs: 'maxInputs',
  workers: 'workers',
  caseTimeout: 'caseTimeout',
  workerHeap: 'workerHeap',
  strict: 'strict',
  allow: 'allow',
  verbose: 'verbose',
  quiet: 'quiet',
  json: 'json',
  junit: 'junit',
  html: 'html',
  sarif: 'sarif',
  jsonl: 'jsonl',
};

/**
 * Lays a config file under the command line: each setting the user did
 * not give as a flag takes the file's value, with the source `config`,
 * so that from here on a setting from the file is given exactly as a
 * flag is (a flag always wins).
 */
export function applyConfig(cmd: Command, loaded: LoadedConfig): void {
  for (const [key, value] of Object.entries(loaded.config) as [keyof Config, unknown][]) {
    const name = OPTION[key];
    if (value !== undefined && cmd.getOptionValueSource(name) !== 'cli')
      cmd.setOptionValueWithSource(name, value, 'config');
  }
}

/** Where one setting of a case came from. */
export type SettingSource = 'flag' | 'config' | 'pair' | 'generated' | 'default';

/** The case-config fields and the option that sets each. */
const CASE_SETTINGS: [keyof CaseResult['config'] | 'backend', string][] = [
  ['seed', 'seed'],
  ['optimizer', 'optimizer'],
  ['optimizerOptions', 'learningRate'],
  ['steps', 'steps'],
  ['batchSize', 'batch'],
  ['loss', 'loss'],
  ['tolerance', 'tolerance'],
  ['fit', 'fit'],
  ['reload', 'reload'],
  ['reference', 'reference'],
  ['mutant', 'mutant'],
  ['allow', 'allow'],
  ['backend', 'backend'],
  ['backends', 'backends'],
  ['backendTolerance', 'backendTolerance'],
];

const DEFAULT_OF: Record<string, unknown> = {
  ...DEFAULTS,
  batchSize: DEFAULTS.batchSize,
  optimizerOptions: undefined,
  mutant: undefined,
};

/**
 * Where each setting of a case came from: a flag, the config file, the
 * pair module's own declaration or the generator's draw (a value other
 * than the default that nobody gave), or the default. The CLI sets it on
 * each case as it finishes, before the case is streamed to the JSONL file.
 */
export function recordSources(c: CaseResult, cmd: Command): void {
  const sources: Record<string, SettingSource> = {};
  for (const [field, option] of CASE_SETTINGS) {
    // A case on one backend has no settings between backends to source.
    if ((field === 'backends' || field === 'backendTolerance') && !c.config.backends) continue;
    const given = cmd.getOptionValueSource(option);
    const value =
      field === 'backend'
        ? undefined
        : field === 'optimizerOptions'
          ? c.config.optimizerOptions.learningRate
          : c.config[field];
    if (given === 'cli') sources[field] = 'flag';
    else if (given === 'config') sources[field] = 'config';
    else if (field !== 'backend' && value !== undefined && value !== DEFAULT_OF[field])
      sources[field] =
        c.source === 'pair' ? 'pair' : c.source === 'fuzz' || c.source === 'replay' ? 'generated' : 'default';
    else sources[field] = 'default';
  }
  c.settingSources = sources;
}
