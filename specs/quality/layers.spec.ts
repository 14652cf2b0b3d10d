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
  architecture: 1.5, // the catalogue constructs layers with the runtime's tf
  trace: 1.7, // the op-level trace of a call: read by construct (the derived twin), compare and engine
  construct: 2,
  generate: 2,
  compare: 2,
  checkpoints: 3,
  reference: 3.5, // other implementations a case is compared with (Keras 3), below the engine that runs them
  engine: 4,
  triage: 5,
  'reference/backends': 5.5, // the same case on other backends: runs the engine, judges with triage
  campaign: 6,
  config: 6.5, // a config file: read, checked, its globs expanded
  export: 6.8, // a case as a standalone script: runs it as check() does (campaign), then writes it
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
// reference/backends runs whole cases (above engine and triage) while reference/keras is run by the engine:
// one folder of DESIGN.md's layout, two ranks, so the subfolder counts as its own unit.
const folderOf = (file: string) => {
  const parts = relative(HARNESS, file).split(sep);
  if (parts[0] === 'reference' && parts[1] === 'backends') return 'reference/backends';
  return parts[0].replace(/\.(m?ts|js)$/, '');
};

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
