import type { CaseResult } from '../engine/CaseResult';
import { DEFAULTS } from '../engine/resolveConfig';

/**
 * The command that reruns the case, with the options it ran that differ
 * from the defaults: in the matchers' messages, GitHub annotations and SARIF.
 */
export function reproduceCommand(r: CaseResult): string {
  const replay = r.shrunk?.replay ?? r.replay;
  if (replay) return `npx parity-check --replay ${replay}`;
  const c = r.config;
  const flags: string[] = [];
  if (c.seed !== DEFAULTS.seed) flags.push(`--seed ${c.seed}`);
  if (c.steps !== DEFAULTS.steps) flags.push(`--steps ${c.steps}`);
  if (c.batchSize !== DEFAULTS.batchSize) flags.push(`--batch ${c.batchSize}`);
  if (c.optimizer !== DEFAULTS.optimizer) flags.push(`--optimizer ${c.optimizer}`);
  const lr = c.optimizerOptions.learningRate;
  if (typeof lr === 'number') flags.push(`--learning-rate ${lr}`);
  if (c.loss !== DEFAULTS.loss) flags.push(`--loss ${c.loss}`);
  if (c.tolerance !== DEFAULTS.tolerance) flags.push(`--tolerance ${c.tolerance}`);
  if (!c.fit) flags.push('--no-fit');
  if (!c.reload) flags.push('--no-reload');
  if (c.allow && c.allow.length > 0) flags.push(`--allow ${c.allow.join(',')}`);
  if (c.mutant) flags.push(`--mutant ${c.mutant}`);
  const rest = flags.length > 0 ? ` ${flags.join(' ')}` : '';
  const flag = r.twin ? '--layer' : r.source === 'pair' ? '--pair' : '--spec';
  if (r.file) return `npx parity-check ${flag} ${r.file}${rest}`;
  if (r.twin) return `export the layer module from a file and run npx parity-check --layer <module>${rest}`;
  return r.source === 'pair'
    ? `export the pair from a module and run npx parity-check --pair <module>${rest}`
    : `save the spec as JSON and run npx parity-check --spec <file>${rest}`;
}
