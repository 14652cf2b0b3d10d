import { join } from 'node:path';
import { cliJson, ROOT } from '../helpers';

const LOADING = 'fixtures/pairs/loading';
const verdictOf = (c: any) => ({
  verdict: c.verdict,
  signature: c.signature,
  divergences: c.divergences.map((d: any) => `${d.kind}|${d.checkpoint}|${d.key}`),
  checkpoints: c.checkpoints,
});

describe('npx parity-check --pair with pair modules as users write them', () => {
  it('a TypeScript pair (.ts through definePair, .mts, .cts) gives the verdict and exit code of its JavaScript twin', () => {
    const js = cliJson('--pair', `${LOADING}/residual.mjs`, '--quiet');
    expect(js.code).toBe(0);
    expect(js.json.cases[0].verdict).toBe('parity');
    for (const f of ['residual.ts', 'residual.mts', 'residual.cts']) {
      const ts = cliJson('--pair', `${LOADING}/${f}`, '--quiet');
      expect({ file: f, code: ts.code, ...verdictOf(ts.json.cases[0]) }).toEqual({
        file: f,
        code: 0,
        ...verdictOf(js.json.cases[0]),
      });
    }
    const jsBad = cliJson('--pair', `${LOADING}/residual-no-skip.mjs`, '--quiet');
    const tsBad = cliJson('--pair', `${LOADING}/residual-no-skip.ts`, '--quiet');
    expect(jsBad.code).toBe(1);
    expect(tsBad.code).toBe(1);
    expect(verdictOf(tsBad.json.cases[0])).toEqual(verdictOf(jsBad.json.cases[0]));
    expect(tsBad.json.cases[0].divergences[0].kind).toBe('forward');
  });

  it('a TypeScript syntax error is bad input: exit 2, one line naming the file', () => {
    const r = cliJson('--pair', `${LOADING}/type-error.ts`, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^parity-check: fixtures\/pairs\/loading\/type-error\.ts: cannot load \(TypeScript, through jiti\): .*\(line 2, column \d+\)$/,
      ),
    ]);
  });

  it('async factories are awaited: parity, exit 0', () => {
    const r = cliJson('--pair', `${LOADING}/async-factories.mjs`, '--quiet');
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
  });

  it('a factory whose promise never settles ends in the per-case time limit: timeout, exit 3, the run goes on', () => {
    const r = cliJson(
      '--pair',
      `${LOADING}/never-resolves.mjs`,
      '--pair',
      `${LOADING}/residual.mjs`,
      // Long enough that the module beside it finishes on a loaded machine: the hanging one waits it out.
      '--case-timeout',
      '40',
      '--quiet',
    );
    expect(r.code).toBe(3);
    expect(r.json.cases.map((c: any) => c.verdict)).toEqual(['timeout', 'parity']);
    expect(r.json.cases[0].errors[0].message).toMatch(
      /did not finish within 40 s \(it was running: pre-flight \(calling its factories\)\)/,
    );
  });

  it("a module importing @tensorflow/tfjs itself gets the harness's own instance under the CLI (one install): parity", () => {
    const r = cliJson('--pair', `${LOADING}/imports-tfjs.mjs`, '--quiet');
    expect(r.code).toBe(0);
    expect(r.json.cases[0].verdict).toBe('parity');
  });

  it('checkPair of a module file with workers runs it as --pair does: a factory that never settles is a timeout', async () => {
    // The compiled library (a pool needs the compiled worker), as an installed package runs it.
    const lib = require(join(ROOT, 'dist', 'harness')) as typeof import('../../harness');
    const r = await lib.checkPair(`${LOADING}/never-resolves.mjs`, { workers: 1, caseTimeoutMs: 3000 });
    expect(r.verdict).toBe('timeout');
    expect(r.errors[0].message).toMatch(
      /did not finish within 3 s \(it was running: pre-flight \(calling its factories\)\)/,
    );
  });
});
