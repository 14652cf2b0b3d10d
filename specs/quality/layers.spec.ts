import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { ROOT } from '../helpers';

/**
 * The layout rule of ../shared/DESIGN.md: dependencies run one way, and
 * nothing imports from a layer above it. Folders of one rank may use each
 * other only where the design draws the arrow (construct, generate and
 * compare sit side by side and stay apart).
 */
const RANK: Record<string, number> = {
  errors: 0,
  util: 0,
  runtime: 1,
  trace: 1.2, // the op-level trace of kernels: uses only the runtime
  architecture: 1.5, // the catalogue constructs layers with the runtime's tf
  construct: 2,
  generate: 2,
  compare: 2,
  checkpoints: 3,
  engine: 4,
  triage: 5,
  reference: 5.5, // other backends a case is compared with: runs the engine, judges with triage
  campaign: 6,
  config: 6.5, // a config file: read, checked, its globs expanded
  report: 7,
  index: 7.5, // the public entry re-exports everything below it
  matchers: 7.8, // the matchers and their messages, shared by the jest and vitest entries
  jest: 8,
  vitest: 8,
  fastCheck: 8, // the entries for users' suites, beside the CLI
  cli: 8,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.m?ts$/.test(p) ? [p] : [];
  });
}

const HARNESS = join(ROOT, 'harness');
const folderOf = (file: string) =>
  relative(HARNESS, file)
    .split(sep)[0]
    .replace(/\.(m?ts|js)$/, '');

describe('the layout', () => {
  const imports = files(HARNESS).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => ({
      file: relative(ROOT, file),
      from: folderOf(file),
      to: folderOf(normalize(join(dirname(file), m[1]))),
    })),
  );

  it('knows every folder of harness/', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect([...new Set(imports.flatMap((i) => [i.from, i.to]))].filter((f) => !(f in RANK))).toEqual([]);
  });

  it('has no import from a layer above, nor across folders of one rank', () => {
    const bad = imports.filter((i) => i.from !== i.to && RANK[i.to] >= RANK[i.from] && RANK[i.to] !== 0);
    expect(bad.map((i) => `${i.file} imports ${i.to}/`)).toEqual([]);
  });

  it('lets the CLI use only the public entry', () => {
    expect(imports.filter((i) => i.from === 'cli' && i.to !== 'index' && i.to !== 'cli').map((i) => i.file)).toEqual(
      [],
    );
  });
});
