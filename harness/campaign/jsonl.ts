import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors';
import type { CaseResult, ShrunkCase } from '../engine/CaseResult';
import type { RunResult } from './RunResult';

/** What a run's JSONL starts with: everything about the run but its cases. */
export type RunHeader = Omit<RunResult, 'summary' | 'cases' | 'durationMs'> & { type: 'header'; total: number };

/** A shrink that finished (or failed, with why), for the case at `index`. */
export interface ShrinkLine {
  type: 'shrunk';
  index: number;
  shrunk?: ShrunkCase;
  note?: string;
}

/** A finished case, as streamed. */
export interface CaseLine {
  type: 'case';
  result: CaseResult;
}

/**
 * Appends a run's results to a JSON Lines file as they happen — the header,
 * then one line per finished case and per finished shrink, each written
 * through to the file at once — so a run that is stopped or killed keeps
 * everything it finished, and `--resume` can go on from it.
 */
export class JsonlWriter {
  constructor(
    readonly file: string,
    header: RunHeader,
    append: boolean,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    if (!append) writeFileSync(file, JSON.stringify(header) + '\n');
  }

  private line(value: unknown): void {
    appendFileSync(
      this.file,
      JSON.stringify(value, (k: string, v: unknown) =>
        k === 'facts' ? undefined : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ) + '\n',
    );
  }

  case(result: CaseResult): void {
    this.line({ type: 'case', result } satisfies CaseLine);
  }

  shrunk(line: Omit<ShrinkLine, 'type'>): void {
    this.line({ type: 'shrunk', ...line } satisfies ShrinkLine);
  }
}

/** A JSONL file read back: its header, its cases by index, its shrinks by index. A torn last line (a killed run) is ignored. */
export function readJsonl(file: string): {
  header: RunHeader;
  cases: Map<number, CaseResult>;
  shrinks: Map<number, ShrinkLine>;
} {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const parsed: unknown[] = [];
  lines.forEach((l, i) => {
    try {
      parsed.push(JSON.parse(l));
    } catch {
      if (i !== lines.length - 1) throw new UsageError(`${file}: line ${i + 1} is not JSON`);
    }
  });
  const header = parsed[0] as RunHeader | undefined;
  if (!header || header.type !== 'header')
    throw new UsageError(`${file}: not a parity-check JSONL file (its first line is no run header)`);
  const cases = new Map<number, CaseResult>();
  const shrinks = new Map<number, ShrinkLine>();
  for (const p of parsed.slice(1) as (CaseLine | ShrinkLine)[]) {
    if (p.type === 'case' && typeof p.result?.index === 'number') cases.set(p.result.index, p.result);
    else if (p.type === 'shrunk' && typeof p.index === 'number') shrinks.set(p.index, p);
  }
  return { header, cases, shrinks };
}
