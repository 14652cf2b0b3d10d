import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputPaths, outputProblem } from '../../../harness/cli/outputPaths';
import { DEFAULT_FILES, parseReporters, planReports } from '../../../harness/cli/reporters';

describe('--reporter', () => {
  it('takes repeated flags and comma lists, like jest --reporters', () => {
    expect(parseReporters(['console,json', 'github', ' sarif , json'])).toEqual(['console', 'json', 'github', 'sarif']);
  });

  it('refuses an unknown name in one line, with the nearest', () => {
    expect(() => parseReporters(['console,jsn'])).toThrow(
      "--reporter: unknown reporter 'jsn' (did you mean 'json'?); one of console, json, junit, html, github, sarif, jsonl",
    );
    expect(() => parseReporters(['xyzzy'])).toThrow(/^--reporter: unknown reporter 'xyzzy'; one of /);
  });

  it('defaults to console, JSON, JUnit, HTML and JSON Lines, adding github under GitHub Actions', () => {
    expect(planReports({}, {})).toEqual({
      console: true,
      github: false,
      files: [
        { name: 'json', file: DEFAULT_FILES.json },
        { name: 'junit', file: DEFAULT_FILES.junit },
        { name: 'html', file: DEFAULT_FILES.html },
      ],
      jsonl: DEFAULT_FILES.jsonl,
    });
    expect(planReports({}, { GITHUB_ACTIONS: 'true' }).github).toBe(true);
    expect(planReports({}, { GITHUB_ACTIONS: 'false' }).github).toBe(false);
  });

  it('uses only the reporters named, plus any whose file flag is given; --resume keeps its JSON Lines file', () => {
    expect(planReports({ reporter: ['github'] }, {})).toEqual({
      console: false,
      github: true,
      files: [],
      jsonl: undefined,
    });
    expect(planReports({ reporter: ['console'], junit: 'j.xml', sarif: 'x.sarif' }, {})).toEqual({
      console: true,
      github: false,
      files: [
        { name: 'junit', file: 'j.xml' },
        { name: 'sarif', file: 'x.sarif' },
      ],
      jsonl: undefined,
    });
    expect(planReports({ reporter: ['sarif'] }, {}).files).toEqual([{ name: 'sarif', file: DEFAULT_FILES.sarif }]);
    expect(planReports({ reporter: ['console'], resume: true }, {}).jsonl).toBe(DEFAULT_FILES.jsonl);
    // merge streams nothing
    expect(planReports({}, {}, false).jsonl).toBeUndefined();
  });
});

describe('output paths, checked before the first case', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-'));
  writeFileSync(join(dir, 'file'), '');
  mkdirSync(join(dir, 'folder'));

  it('accepts a new file in folders still to be made, and an existing file', () => {
    expect(outputProblem(join(dir, 'a', 'b', 'r.json'))).toBeUndefined();
    expect(outputProblem(join(dir, 'file'))).toBeUndefined();
  });

  it('says why a path cannot be written', () => {
    expect(outputProblem(join(dir, 'folder'))).toBe('is a directory');
    expect(outputProblem(join(dir, 'file', 'r.json'))).toBe(
      `cannot create it: ${join(dir, 'file')} is a file, not a folder`,
    );
  });

  it('names the flag and the file in one line, and refuses two reports aimed at one file', () => {
    expect(() => checkOutputPaths([{ flag: '--json', file: join(dir, 'folder') }])).toThrow(
      `--json ${join(dir, 'folder')}: is a directory`,
    );
    expect(() =>
      checkOutputPaths([
        { flag: '--json', file: join(dir, 'r') },
        { flag: '--sarif', file: join(dir, 'r') },
      ]),
    ).toThrow(`--sarif ${join(dir, 'r')}: --json writes this file too; give each report its own file`);
    expect(() =>
      checkOutputPaths([
        { flag: '--json', file: join(dir, 'x.json') },
        { flag: '--sarif', file: join(dir, 'x.sarif') },
      ]),
    ).not.toThrow();
  });
});
