import { createHash } from 'node:crypto';
import type { RunResult } from '../campaign/RunResult';
import type { DivergenceKind } from '../compare/Divergence';
import { describeDiagnosis } from './describeDiagnosis';
import { failingCases, notCheckedReason, type FailingCase } from './failingCases';
import { reproduceCommand } from './reproduceCommand';
import { locateNothing, type Locate } from './sourceLocation';

/** One rule per divergence kind: what differs between the sides, in words. */
const RULES: Record<DivergenceKind, string> = {
  inventory: 'The two sides expose different variables: keys, counts, shapes, dtypes, or trainability.',
  init: 'The initial weights differ.',
  forward: 'The model outputs differ.',
  activation: "A layer application's output differs (the first divergent node).",
  loss: "The loss differs (data loss plus each side's regularization losses).",
  gradient: 'A gradient differs.',
  weights: 'A weight differs after an optimizer step or after fit.',
  slot: 'An optimizer slot variable differs.',
  state: 'Non-trainable state (e.g. BatchNormalization statistics) differs.',
  resources: 'The sides leave different numbers of tensors or variables alive.',
  error: 'One side threw where the other did not, or they threw differently.',
};
const KINDS = Object.keys(RULES) as DivergenceKind[];

/** The rule id of a divergence kind, e.g. `divergence/forward`. */
export const sarifRuleId = (kind: DivergenceKind) => `divergence/${kind}`;

/** What `sarifReport` needs besides the result. */
export interface SarifOptions {
  /** Finds a case's file and the line of its name; the default reads no file and claims no line. */
  locate?: Locate;
  /** Where a generated case (no file of its own) is located: the JSON result that holds its replay token. */
  resultFile?: string;
}

/**
 * The stable identity of a finding, from its signature and where it comes
 * from — never from messages, values or timings, so the same finding in
 * the next run is the same alert.
 */
export function findingFingerprint(signature: string, file: string | undefined): string {
  return createHash('sha256')
    .update(`${signature}|${file ?? 'generated'}`)
    .digest('hex')
    .slice(0, 32);
}

function resultOf(group: FailingCase[], locate: Locate, resultFile: string) {
  const { case: c, divergence: d } = group[0];
  const kind = d!.kind;
  const where = c.file !== undefined ? locate(c.file, c.name) : undefined;
  const signature = c.signature ?? `${kind}|-|${d!.checkpoint}`;
  const text = [
    `${c.name}: ${kind} divergence at ${d!.checkpoint}${d!.key ? ` (${d!.key})` : ''} — ${c.knownCause ? `known tfjs behaviour (${c.knownCauses!.join(', ')}), failing under --strict` : 'new finding'}, signature ${signature}${group.length > 1 ? `, ${group.length} cases` : ''}`,
    d!.message,
    ...(d!.diagnosis ? [`Diagnosis: ${describeDiagnosis(d!.diagnosis)}`] : []),
    `Reproduce: ${reproduceCommand(c)}`,
  ].join('\n');
  const location = where
    ? {
        physicalLocation: {
          artifactLocation: { uri: where.file, uriBaseId: '%SRCROOT%' },
          ...(where.line !== undefined ? { region: { startLine: where.line } } : {}),
        },
      }
    : {
        physicalLocation: { artifactLocation: { uri: resultFile, uriBaseId: '%SRCROOT%' } },
        message: { text: `generated case ${c.name}: npx parity-check --replay ${c.shrunk?.replay ?? c.replay ?? '?'}` },
      };
  return {
    ruleId: sarifRuleId(kind),
    ruleIndex: KINDS.indexOf(kind),
    level: c.knownCause ? 'warning' : 'error',
    message: { text },
    locations: [location],
    partialFingerprints: { 'parityCheckFinding/v1': findingFingerprint(signature, where?.file) },
    properties: {
      signature,
      checkpoint: d!.checkpoint,
      key: d!.key,
      cases: group.map((g) => g.case.name),
      ...(c.knownCauses ? { knownCauses: c.knownCauses } : {}),
      ...(d!.diagnosis ? { diagnosis: d!.diagnosis.entry } : {}),
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per divergence kind, one
 * result per finding the run fails on — new findings as errors, known
 * ones only under `strict`, as warnings — generated cases that share a
 * signature being one finding. Each result's message is the divergence,
 * its diagnosis and the command that reruns it; `partialFingerprints`
 * come from the signature and the file, so an alert survives edits and
 * reruns. Cases that could not be checked and refused inputs are the
 * invocation's notifications, not results: they are not findings.
 */
export function sarifReport(r: RunResult, options: SarifOptions = {}): string {
  const locate = options.locate ?? locateNothing;
  const resultFile = options.resultFile ?? 'reports/parity-check.json';
  const failing = failingCases(r);
  const groups = new Map<string, FailingCase[]>();
  for (const f of failing.filter((x) => x.outcome === 'failure')) {
    // Generated cases of one signature are one finding; a file's cases are its own.
    const key =
      f.case.file !== undefined || f.case.signature === undefined ? `case:${f.case.index}` : `sig:${f.case.signature}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const notChecked = failing.filter((x) => x.outcome === 'error');
  const notifications = [
    ...notChecked.map((f) => ({
      level: 'error',
      message: { text: `${f.case.name}: ${f.case.verdict}, not checked: ${notCheckedReason(f.case)}` },
    })),
    ...(r.refused ?? []).map((x) => ({ level: 'error', message: { text: `refused: ${x.message}` } })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'parity-check',
            version: r.tool.version,
            semanticVersion: r.tool.version,
            rules: KINDS.map((kind) => ({
              id: sarifRuleId(kind),
              name: `${kind[0].toUpperCase()}${kind.slice(1)}Divergence`,
              shortDescription: {
                text: `${kind} divergence between a tf.layers.Layer subclass and its functional twin`,
              },
              fullDescription: { text: RULES[kind] },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['tensorflow.js', 'parity'] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: [...groups.values()].map((g) => resultOf(g, locate, resultFile)),
        properties: { tfjs: r.tfjs.version, backend: r.tfjs.backend, seed: r.config.seed, summary: r.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
