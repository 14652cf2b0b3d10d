import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MUTANTS, tf, type CaseResult, type MutantName } from '../../harness';
import { fuzzCampaign } from '../../harness/campaign/fuzzCampaign';
import { CLI, ROOT, useCpu } from '../helpers';
import { HANG_GUARD_MS, RUNS, SEED } from './mutants/mutantCampaign';

/**
 * Diagnoses are about the user's code, so they must hold on cases the
 * catalogue never wrote: a generated case with no mistake carries none, a
 * mutant's cases carry only the entry of the mistake the mutant injects,
 * and the acceptance pairs carry exactly the entry their mistake is.
 */
beforeAll(useCpu);

/** `case: kind@checkpoint → entry` for every diagnosed finding of a run. */
const diagnosed = (cases: CaseResult[]) =>
  cases.flatMap((c) =>
    [...c.divergences, ...c.errors]
      .filter((x) => x.diagnosis)
      .map((x) => `${c.name}: ${'kind' in x ? x.kind : `error (${x.side})`}@${x.checkpoint} → ${x.diagnosis!.entry}`),
  );
const entriesOf = (cases: CaseResult[]) => [...new Set(diagnosed(cases).map((d) => d.split(' → ')[1]))].sort();

/** Runs a campaign without shrinking, checking that it leaves the tensor count as it found it. */
async function campaign(seed: number, runs: number, mutant?: MutantName): Promise<CaseResult[]> {
  const before = tf.memory().numTensors;
  const { cases } = await fuzzCampaign({ runs, seed, backend: 'cpu', shrink: false, mutant });
  expect(tf.memory().numTensors).toBe(before);
  expect(cases).toHaveLength(runs);
  return cases;
}

describe('generated cases without a mistake', () => {
  it(
    `carry no diagnosis: the mutants' campaign without a mutant (seed ${SEED}, ${RUNS} cases) and 40 cases from seed 42`,
    async () => {
      const cases = [...(await campaign(SEED, RUNS)), ...(await campaign(42, 40))];
      // Known tfjs behaviours (shared regularizers, multi-output fit …) diverge here: proven, and no user's mistake.
      expect(cases.some((c) => c.verdict === 'divergence')).toBe(true);
      expect(diagnosed(cases)).toEqual([]);
    },
    HANG_GUARD_MS,
  );
});

/** The entries a mutant's mistake is (none: the catalogue has no entry for it). */
const ENTRIES: Record<MutantName, string[]> = {
  'untracked-weights': ['01-untracked-sublayers', '12b-serialization-untracked-weights'],
  'no-training-flag': ['03-training-not-forwarded'],
  'skip-regularizer': ['05-regularizer-on-sublayer'],
  'unshared-layer': [],
  'concat-swap': [],
  'drop-bias': [],
};

describe('mutant campaigns', () => {
  it('cover every mutant', () => {
    expect(Object.keys(ENTRIES).sort()).toEqual(Object.keys(MUTANTS).sort());
  });

  it.each(Object.keys(ENTRIES) as MutantName[])(
    `%s: every diagnosis (seed ${SEED}, ${RUNS} cases) points at the entry of the mistake it injects`,
    async (mutant) => {
      const cases = await campaign(SEED, RUNS, mutant);
      // A mutant whose mistake is an entry is diagnosed on the cases it shows in. Where none of the seed's 20
      // cases shows it (skip-regularizer, since the generator draws the one-sided preprocessing kinds and stateful
      // RNNs: seed 7 no longer reaches a case it shows in), the main job's 40 cases from seed 42 are judged too.
      if (ENTRIES[mutant].length > 0 && entriesOf(cases).length === 0) cases.push(...(await campaign(42, 40, mutant)));
      const seen = entriesOf(cases);
      expect(seen.filter((e) => !ENTRIES[mutant].includes(e))).toEqual([]);
      if (ENTRIES[mutant].length > 0) expect(seen.length).toBeGreaterThan(0);
    },
    HANG_GUARD_MS,
  );
});

describe('the acceptance pairs (fixtures/pairs/acceptance)', () => {
  const EXPECTED: Record<string, string[]> = {
    'antirectifier.mjs': [],
    'branches-reordered.mjs': [],
    'concat-swap.mjs': [],
    'correct.mjs': [],
    'leaky-call.mjs': ['18-call-without-tidy'],
    'missing-bias.mjs': [],
    'no-training-flag.cjs': ['03-training-not-forwarded'],
    'own-weight.mjs': [],
    'regularizer-one-side.mjs': [],
    'sublayers-through-call.mjs': [],
    'token-classifier.mjs': [],
    'two-heads-dropout.mjs': [],
    'two-heads.mjs': [],
    'unseeded-init.mjs': ['14a-unseeded-both-sides'],
    'untracked-weights.mjs': ['01-untracked-sublayers'],
    'variable-length.mjs': [],
  };
  const dir = join(ROOT, 'fixtures', 'pairs', 'acceptance');
  const files = readdirSync(dir)
    .filter((f) => /^[^_].*\.(mjs|cjs)$/.test(f))
    .sort();

  let cases: CaseResult[] = [];
  beforeAll(() => {
    // Pair modules are ES modules: they load in the CLI, as a user runs them (jest's VM cannot import them).
    const file = join(mkdtempSync(join(tmpdir(), 'parity-check-acceptance-')), 'r.json');
    spawnSync(
      process.execPath,
      [CLI, ...files.flatMap((f) => ['--pair', join('fixtures', 'pairs', 'acceptance', f)]), '--json', file],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    cases = JSON.parse(readFileSync(file, 'utf8')).cases;
  });

  it('have an expectation each, and all ran', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
    expect(cases).toHaveLength(files.length);
  });

  it.each(files)('%s carries exactly its entry, on its first finding when it has one', (file) => {
    const r = cases.find((c) => c.file!.endsWith(`/${file}`))!;
    // Nothing failed in the harness, including its check that the case left the tensor count unchanged.
    expect(r.errors.filter((e) => e.side === 'harness')).toEqual([]);
    expect(entriesOf([r])).toEqual(EXPECTED[file]);
    if (EXPECTED[file].length > 0) expect((r.divergences[0] ?? r.errors[0]).diagnosis?.entry).toBe(EXPECTED[file][0]);
  });
});
