/**
 * `parity-check/fast-check` for ES modules (a vitest project, `"type":
 * "module"`): the same arbitraries as `./index.ts`, typed with the ES
 * module build of fast-check.
 *
 * Why a second entry: fast-check ships a CommonJS and an ES build whose
 * `Arbitrary` classes carry private fields, so TypeScript treats the two
 * as different types — the CommonJS entry's arbitraries would not type as
 * arguments of `@fast-check/vitest`'s `test.prop` in an ES module. At run
 * time fast-check recognises an arbitrary by its methods, so the objects
 * are the CommonJS entry's own.
 */
import type { Arbitrary } from 'fast-check';
import type { ModelSpec } from '../index.js';
import commonjs from './index.js';
import type { ArbitraryOptions, GeneratedCase } from './index.js';

export { default as fc } from 'fast-check';
export type { ArbitraryOptions, GeneratedCase };

/** Valid model specs, as the fuzz campaign generates them; see the CommonJS entry's `specArbitrary`. */
export const specArbitrary = commonjs.specArbitrary as unknown as (options?: ArbitraryOptions) => Arbitrary<ModelSpec>;

/** Whole generated cases (spec, training options, replay token); see the CommonJS entry's `caseArbitrary`. */
export const caseArbitrary = commonjs.caseArbitrary as unknown as (
  options?: ArbitraryOptions & { seed?: number },
) => Arbitrary<GeneratedCase>;
