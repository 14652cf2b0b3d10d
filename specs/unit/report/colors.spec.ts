import { colorEnabled } from '../../../harness';

const ctx = (env: Record<string, string | undefined>, { argv = [] as string[], isTTY = false } = {}) => ({
  env,
  argv,
  isTTY,
});

describe('colorEnabled (NO_COLOR, FORCE_COLOR, --color, --no-color)', () => {
  it('colours a terminal and CI logs, not a pipe or a dumb terminal', () => {
    expect(colorEnabled(ctx({}, { isTTY: true }))).toBe(true);
    expect(colorEnabled(ctx({ CI: 'true' }))).toBe(true);
    expect(colorEnabled(ctx({}))).toBe(false);
    expect(colorEnabled(ctx({ TERM: 'dumb' }, { isTTY: true }))).toBe(false);
  });

  it('NO_COLOR (not empty) and --no-color turn it off, over everything', () => {
    expect(colorEnabled(ctx({ NO_COLOR: '1' }, { isTTY: true }))).toBe(false);
    expect(colorEnabled(ctx({ NO_COLOR: '1', FORCE_COLOR: '1' }))).toBe(false);
    expect(colorEnabled(ctx({ FORCE_COLOR: '1' }, { argv: ['--no-color'] }))).toBe(false);
    expect(colorEnabled(ctx({ NO_COLOR: '' }, { isTTY: true }))).toBe(true);
  });

  it('FORCE_COLOR and --color turn it on off a terminal; FORCE_COLOR=0 or false means off, even in CI', () => {
    expect(colorEnabled(ctx({ FORCE_COLOR: '1' }))).toBe(true);
    expect(colorEnabled(ctx({ FORCE_COLOR: '3' }))).toBe(true);
    expect(colorEnabled(ctx({}, { argv: ['--color'] }))).toBe(true);
    expect(colorEnabled(ctx({ FORCE_COLOR: '0', CI: 'true' }, { isTTY: true }))).toBe(false);
    expect(colorEnabled(ctx({ FORCE_COLOR: 'false' }, { isTTY: true }))).toBe(false);
    expect(colorEnabled(ctx({ FORCE_COLOR: '' }))).toBe(false);
  });
});
