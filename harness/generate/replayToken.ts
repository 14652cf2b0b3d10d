import { UsageError } from '../errors';
import type { RawCase } from './caseArbitrary';
import type { SizeOptions } from './decodeRecipe';

/** Everything needed to rerun one generated case exactly. */
export interface ReplayCase extends RawCase {
  /** Case seed (initializers, inputs, targets, global random). */
  seed: number;
  mutant?: string;
  sizes: SizeOptions;
  /** Name the case had in its run. */
  name: string;
  /** The user's own case options the run applied on top of the generated ones (`--no-fit`, `--tolerance` …). */
  options?: Record<string, unknown>;
}

/** What a token carries besides the case: where it was made, so a replay elsewhere can say so. */
export interface ReplayStamp {
  /** tfjs version of the run that made it. */
  tfjs: string;
  /** `decoderVersion()` of that run. */
  decoder: string;
  /** Hash of the spec the recipe decoded to there: a replay that decodes to anything else refuses to run. */
  spec: string;
}

/** The token format: `pc2.` + base64url JSON of `{ v, stamp, case }`. */
const PREFIX = 'pc2.';
const FORMAT = 2;

/** A compact, copy-pasteable token for a generated case. */
export function encodeReplay(c: ReplayCase, stamp: ReplayStamp): string {
  return PREFIX + Buffer.from(JSON.stringify({ v: FORMAT, stamp, case: c })).toString('base64url');
}

/** Decodes a replay token (throws {@link UsageError} for anything malformed or made by another format). */
export function decodeReplay(token: string): { case: ReplayCase; stamp: ReplayStamp } {
  const shown = token.length > 24 ? token.slice(0, 24) + '…' : token;
  if (/^pc1\./.test(token)) {
    throw new UsageError(
      `replay token '${shown}' is of format pc1, made by an older parity-check that did not record its tfjs and decoder versions: it cannot be checked to rebuild the same model; rerun the campaign that found it (same --seed and --runs) for a new token`,
    );
  }
  const bad = () =>
    new UsageError(`invalid replay token '${shown}': copy it whole from a report (it starts with ${PREFIX})`);
  if (!token.startsWith(PREFIX)) throw bad();
  // What a token claims to hold, every field unchecked until the tests below.
  let t: {
    v?: unknown;
    case?: {
      recipe?: { head?: unknown; steps?: unknown };
      seed?: unknown;
      config?: unknown;
      sizes?: unknown;
      name?: unknown;
    };
    stamp?: { tfjs?: unknown; decoder?: unknown; spec?: unknown };
  } | null;
  try {
    t = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as typeof t;
  } catch {
    throw bad();
  }
  const ints = (a: unknown) => Array.isArray(a) && a.every((x) => Number.isInteger(x) && x >= 0);
  const c = t?.case;
  const s = t?.stamp;
  if (
    t?.v !== FORMAT ||
    !s ||
    typeof s.tfjs !== 'string' ||
    typeof s.decoder !== 'string' ||
    typeof s.spec !== 'string'
  )
    throw bad();
  if (
    !c ||
    !c.recipe ||
    !ints(c.recipe.head) ||
    !Array.isArray(c.recipe.steps) ||
    !c.recipe.steps.every(ints) ||
    typeof c.seed !== 'number' ||
    typeof c.config !== 'object' ||
    typeof c.sizes !== 'object' ||
    typeof c.name !== 'string'
  )
    throw bad();
  return { case: c as unknown as ReplayCase, stamp: s as unknown as ReplayStamp };
}
