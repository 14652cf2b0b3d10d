import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors';
import type { CaseResult } from '../engine/CaseResult';
import { summarize } from '../triage/summarize';
import { findingsOf, firstOfEachLabel } from './findingsOf';
import { readJsonl } from './jsonl';
import type { RunResult } from './RunResult';

/** A shard's result, from its JSON or its JSONL file. */
export function readResultFile(file: string): RunResult {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (file.endsWith('.jsonl')) {
    const { header, cases, shrinks } = readJsonl(file);
    const { type: _t, total: _n, ...meta } = header;
    const list = [...cases.values()]
      .sort((a, b) => a.index! - b.index!)
      .map((c) => {
        const s = shrinks.get(c.index!);
        return s
          ? {
              ...c,
              ...(s.shrunk ? { shrunk: s.shrunk } : {}),
              ...(s.note ? { notes: [...(c.notes ?? []), s.note] } : {}),
            }
          : c;
      });
    const incomplete = list.length < header.total ? { interrupted: true, planned: header.total } : {};
    return { ...meta, summary: summarize(list, header.config.strict), cases: list, ...incomplete, durationMs: 0 };
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  } catch (e) {
    throw new UsageError(`${file}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Merges the results of a run's shards into the result of the whole run:
 * cases in index order, findings regrouped (their first case by index, and
 * its minimal form — a shard also shrinks the first case of a finding that
 * an earlier shard saw first, which the whole run would not, so those
 * extra shrinks are dropped), coverage summed, the summary recounted.
 * Every shard must be of one run (the same plan) and all must be there.
 */
export function mergeResults(parts: { file: string; result: RunResult }[]): RunResult {
  if (parts.length === 0) throw new UsageError('merge: give the result files of every shard');
  const [first] = parts;
  for (const p of parts) {
    if (!p.result.plan || !p.result.shard)
      throw new UsageError(`${p.file}: not a shard's result (run with --shard k/N)`);
    if (p.result.plan !== first.result.plan)
      throw new UsageError(`${p.file}: a shard of another run than ${first.file} (other cases or options)`);
    if (p.result.shard.total !== first.result.shard!.total)
      throw new UsageError(
        `${p.file}: shard ${p.result.shard.index}/${p.result.shard.total} does not belong with ${first.result.shard!.index}/${first.result.shard!.total}`,
      );
    if (p.result.interrupted)
      throw new UsageError(
        `${p.file}: shard ${p.result.shard.index}/${p.result.shard.total} did not finish (resume it first)`,
      );
  }
  const total = first.result.shard!.total;
  const seen = new Set(parts.map((p) => p.result.shard!.index));
  if (seen.size !== parts.length) throw new UsageError('merge: a shard is given twice');
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0)
    throw new UsageError(
      `merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${total}`).join(', ')} missing`,
    );

  const cases: CaseResult[] = parts.flatMap((p) => p.result.cases).sort((a, b) => a.index! - b.index!);
  const generated = cases.filter((c) => c.source === 'fuzz');
  const keep = new Set([...firstOfEachLabel(generated).values()].map((c) => c.index));
  const merged = cases.map((c) => {
    if (c.source !== 'fuzz' || keep.has(c.index) || c.shrunk === undefined) return c;
    const { shrunk: _s, ...rest } = c;
    return rest;
  });
  const { shard: _shard, ...meta } = first.result;
  const coverage: Record<string, number> = {};
  for (const p of parts)
    for (const [k, n] of Object.entries(p.result.fuzz?.coverage ?? {})) coverage[k] = (coverage[k] ?? 0) + n;
  const features: Record<string, number> = {};
  for (const p of parts)
    for (const [k, n] of Object.entries(p.result.fuzz?.features ?? {})) features[k] = (features[k] ?? 0) + n;
  const strict = first.result.config.strict;
  // Every shard validated every input, so each refused the same ones: list them once.
  const refused = [...new Map(parts.flatMap((p) => p.result.refused ?? []).map((x) => [x.message, x])).values()];
  const warnings = parts.flatMap((p) => p.result.warnings ?? []);
  return {
    ...meta,
    ...(refused.length > 0 ? { refused } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    summary: summarize(merged, strict),
    ...(first.result.fuzz
      ? {
          fuzz: {
            ...first.result.fuzz,
            findings: findingsOf(merged.filter((c) => c.source === 'fuzz')),
            coverage,
            features,
          },
        }
      : {}),
    cases: merged,
    startedAt: parts.map((p) => p.result.startedAt).sort()[0],
    durationMs: Math.max(...parts.map((p) => p.result.durationMs)),
  };
}
