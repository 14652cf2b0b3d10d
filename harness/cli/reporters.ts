import { join } from 'node:path';
import { didYouMean, ParityError, REPORTER_NAMES, type ReporterName } from '../index';

/** Every reporter `--reporter` takes. */
export const REPORTERS = REPORTER_NAMES;

/** The reporters a run uses when `--reporter` is not given (plus `github` under GitHub Actions). */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['console', 'json', 'junit', 'html', 'jsonl'];

/** Where each file reporter writes unless its flag says otherwise. */
export const DEFAULT_FILES = {
  json: join('reports', 'parity-check.json'),
  junit: join('reports', 'parity-check.junit.xml'),
  html: join('reports', 'parity-check.html'),
  sarif: join('reports', 'parity-check.sarif'),
  jsonl: join('reports', 'parity-check.jsonl'),
} as const;

/** A reporter that writes a file, and the file. */
export interface FileReport {
  name: 'json' | 'junit' | 'html' | 'sarif';
  file: string;
}

/** What a run reports, decided once from the flags and the environment. */
export interface ReportPlan {
  /** Case lines, the summary and where the reports went, on stdout. */
  console: boolean;
  /** GitHub workflow annotations on stdout. */
  github: boolean;
  files: FileReport[];
  /** The JSON Lines file cases stream to (needed by `--resume`). */
  jsonl?: string;
}

/**
 * `--reporter` values as jest's `--reporters` takes them: the flag
 * repeats, each value may be a comma list. An unknown name is bad input:
 * one line, with the nearest name.
 */
export function parseReporters(values: readonly string[]): ReporterName[] {
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim());
  for (const n of names) {
    if (!(REPORTERS as readonly string[]).includes(n))
      throw new ParityError(
        `--reporter: unknown reporter '${n}'${didYouMean(n, REPORTERS)}; one of ${REPORTERS.join(', ')}`,
      );
  }
  return [...new Set(names as ReporterName[])];
}

/**
 * The reporters of a run: those `--reporter` names, or the default set;
 * `github` too when `GITHUB_ACTIONS=true`; and any file reporter whose
 * file flag is given (`--json FILE` alone still writes the JSON).
 */
export function planReports(
  o: {
    reporter?: string[];
    json?: string;
    junit?: string;
    html?: string;
    sarif?: string;
    jsonl?: string;
    resume?: boolean;
  },
  env: Record<string, string | undefined>,
  streams = true,
): ReportPlan {
  const chosen = new Set<ReporterName>(o.reporter !== undefined ? parseReporters(o.reporter) : DEFAULT_REPORTERS);
  if (env.GITHUB_ACTIONS === 'true') chosen.add('github');
  for (const name of ['json', 'junit', 'html', 'sarif', 'jsonl'] as const) if (o[name] !== undefined) chosen.add(name);
  if (o.resume) chosen.add('jsonl');
  const files = (['json', 'junit', 'html', 'sarif'] as const)
    .filter((n) => chosen.has(n))
    .map((name) => ({ name, file: o[name] ?? DEFAULT_FILES[name] }));
  return {
    console: chosen.has('console'),
    github: chosen.has('github'),
    files,
    jsonl: streams && chosen.has('jsonl') ? (o.jsonl ?? DEFAULT_FILES.jsonl) : undefined,
  };
}
