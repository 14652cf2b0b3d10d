import type { RunResult } from '../campaign/RunResult';
import { describeDiagnosis } from './describeDiagnosis';
import { failingCases, notCheckedReason } from './failingCases';
import { reproduceCommand } from './reproduceCommand';
import { locateNothing, type Locate } from './sourceLocation';

/** A workflow command's message, escaped as GitHub's toolkit does (`%`, CR, LF). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value (`file`, `title` …): also `:` and `,`, which end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…,title=…::message` line. */
export function annotation(
  level: 'error' | 'warning' | 'notice',
  message: string,
  props: { file?: string; line?: number; title?: string },
): string {
  const p = [
    props.file !== undefined ? `file=${escapeProperty(props.file)}` : '',
    props.line !== undefined ? `line=${props.line}` : '',
    props.title !== undefined ? `title=${escapeProperty(props.title)}` : '',
  ].filter(Boolean);
  return `::${level}${p.length > 0 ? ` ${p.join(',')}` : ''}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow annotations: one `::error` per case the verdict
 * policy fails — on the pair module or spec file and the line of its
 * `name` where `locate` finds it; a generated case, having no file, is
 * annotated on the run — and one per refused input. The message holds the
 * divergence, the diagnosis when triage gave one, and the command that
 * reruns the case. Pure: `locate` is the only reading of files, and the
 * default reads none.
 */
export function githubReport(r: RunResult, locate: Locate = locateNothing): string {
  const lines: string[] = [];
  for (const f of failingCases(r)) {
    const c = f.case;
    const where = c.file !== undefined ? locate(c.file, c.name) : {};
    const d = f.divergence;
    const title = d
      ? `parity-check: ${c.name}: ${d.kind} divergence at ${d.checkpoint}${d.key ? ` (${d.key})` : ''}`
      : `parity-check: ${c.name}: ${c.verdict}, not checked`;
    const body = d
      ? [
          `${c.knownCause ? `known tfjs behaviour (${c.knownCauses!.join(', ')}), failing under --strict` : 'new finding'}${c.signature ? `, signature ${c.signature}` : ''}`,
          d.message,
          ...(d.diagnosis ? [`diagnosis: ${describeDiagnosis(d.diagnosis)}`] : []),
          ...(c.divergences.length > 1
            ? [`and ${c.divergences.length - 1} more divergences (see the JSON or HTML report)`]
            : []),
        ]
      : [notCheckedReason(c)];
    lines.push(annotation('error', [...body, `reproduce: ${reproduceCommand(c)}`].join('\n'), { ...where, title }));
  }
  for (const x of r.refused ?? [])
    lines.push(
      annotation('error', x.message, { file: locate(x.input, '').file, title: 'parity-check: refused input' }),
    );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
