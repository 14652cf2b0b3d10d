import type { Verdict } from '../../engine/verdict';

/** Verdict chip colours (white text on them reads at WCAG AA), as the report has always used. */
export const VERDICT_COLOR: Record<Verdict | 'known', string> = {
  parity: '#1a7f37',
  divergence: '#cf222e',
  known: '#9a6700',
  'agreed-error': '#9a6700',
  'backend-limitation': '#8250df',
  'harness-error': '#8250df',
  timeout: '#8250df',
  crashed: '#8250df',
};

/** Fills for layers applied more than once, one per shared layer (light, so black text stays readable). */
export const SHARED_FILLS = ['#ddf4ff', '#fbefff', '#dafbe1', '#fff8c5', '#ffebe9', '#e7ecf0'];
/** Their strokes, in the same order. */
export const SHARED_STROKES = ['#0969da', '#8250df', '#1a7f37', '#9a6700', '#cf222e', '#57606a'];

/** The two sides in plots: subclass blue, functional orange (distinguishable with common colour-vision deficiencies). */
export const SIDE_COLOR = { subclass: '#0969da', functional: '#bc4c00' } as const;

/** The first divergent node. */
export const DIVERGENT = '#cf222e';

/**
 * A diverging colour scale for the heatmaps: blue below zero, white at zero,
 * red above — nine steps, so an SVG path per step keeps the picture small.
 */
export const DIVERGING = [
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b',
];
