import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueAnchor, DIAGNOSIS_RULES, diagnose, diagnosisOf, type DiagnosisRule } from '../../../../harness';
import { CATALOGUE_HEADINGS, headingAnchor } from '../../../../harness/triage/diagnoses/catalogueAnchor';
import { ROOT } from '../../../helpers';
import { caseWith, div } from './caseWith';

const rule = (entry: string, match: boolean): DiagnosisRule => ({
  entry,
  title: entry,
  fix: `fix ${entry}`,
  matches: () => match,
});

describe('diagnose: one matching rule, or nothing', () => {
  it('attaches the one matching rule to divergences and errors, and leaves verdict, signature and causes alone', () => {
    const r = {
      ...caseWith({
        divergences: [div('loss', 'loss')],
        errors: [{ side: 'subclass', checkpoint: 'fit', message: 'x' }],
      }),
      signature: 'loss|-|loss',
    };
    const out = diagnose(r, [rule('a', true), rule('b', false)]);
    expect(out.divergences[0].diagnosis).toEqual({ entry: 'a', title: 'a', fix: 'fix a' });
    expect(out.errors[0].diagnosis).toEqual({ entry: 'a', title: 'a', fix: 'fix a' });
    expect({ ...out, divergences: r.divergences, errors: r.errors }).toEqual(r);
  });

  it('says nothing when two rules match (the evidence cannot tell them apart) or none does', () => {
    const d = div('loss', 'loss');
    expect(diagnosisOf(d, caseWith({ divergences: [d] }), [rule('a', true), rule('b', true)])).toBeUndefined();
    expect(diagnosisOf(d, caseWith({ divergences: [d] }), [rule('a', false)])).toBeUndefined();
  });

  it('never diagnoses a divergence a known cause explains', () => {
    const d = { ...div('loss', 'loss'), cause: 'shared-regularizer', evidence: 'rerun' };
    expect(diagnosisOf(d, caseWith({ divergences: [d] }), [rule('a', true)])).toBeUndefined();
  });

  it('never diagnoses a divergence seen on one backend only (a kernel difference, not the code)', () => {
    const d = { ...div('forward', 'forward'), backend: 'wasm' };
    expect(diagnosisOf(d, caseWith({ divergences: [d] }), [rule('a', true)])).toBeUndefined();
  });

  it('replaces a stale diagnosis rather than keeping it', () => {
    const d = { ...div('loss', 'loss'), diagnosis: { entry: 'old', title: 'old', fix: 'old' } };
    expect(diagnose(caseWith({ divergences: [d] }), [rule('a', false)]).divergences[0].diagnosis).toBeUndefined();
  });
});

describe('the rules and the catalogue', () => {
  const readme = readFileSync(join(ROOT, 'fixtures', 'pairs', 'README.md'), 'utf8');

  it('names each rule after a pair file, once, and links each to a heading of the README', () => {
    const entries = DIAGNOSIS_RULES.map((r) => r.entry);
    expect(new Set(entries).size).toBe(entries.length);
    for (const entry of entries) {
      expect(readFileSync(join(ROOT, 'fixtures', 'pairs', `${entry}.mjs`), 'utf8')).toContain('Pair catalogue entry');
      expect(readme).toContain(`](#${catalogueAnchor(entry)})`);
    }
  });

  it('spells every heading as the README does', () => {
    for (const [n, heading] of Object.entries(CATALOGUE_HEADINGS)) expect(readme).toContain(`\n## ${n}. ${heading}\n`);
    expect(headingAnchor('13. `trainable = false` on a custom layer')).toBe('13-trainable--false-on-a-custom-layer');
  });

  it('takes each fix from its entry: short, and code where the entry gives code', () => {
    for (const r of DIAGNOSIS_RULES) expect(r.fix.length).toBeLessThan(220);
  });
});
