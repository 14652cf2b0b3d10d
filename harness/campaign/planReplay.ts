import { decoderVersion } from '../generate/decoderVersion';
import { decodeReplay, type ReplayCase, type ReplayStamp } from '../generate/replayToken';
import { hashText } from '../runtime/hashText';
import { tf } from '../runtime/tf';
import { UsageError } from '../errors';
import { decodeGenerated } from './runGenerated';

/** A decoded replay token, checked to decode to the model it names, and the note its case carries. */
export interface PlannedReplay {
  token: { case: ReplayCase; stamp: ReplayStamp };
  note?: string;
}

/**
 * Decodes a replay token and checks, before anything runs, that its recipe
 * still decodes to the model it named: a token from a parity-check whose
 * decoder differs would otherwise replay some other model under its name.
 * A token from another tfjs version replays (that is how one checks a bug
 * in a new release), with a note saying so.
 */
export function planReplay(text: string): PlannedReplay {
  const token = decodeReplay(text);
  const spec = decodeGenerated(token.case, { name: token.case.name, sizes: token.case.sizes });
  if (hashText(JSON.stringify(spec)) !== token.stamp.spec) {
    const why =
      token.stamp.decoder === decoderVersion()
        ? 'the same decoder version, so the token was altered'
        : `its decoder ${token.stamp.decoder}, this parity-check's ${decoderVersion()}`;
    throw new UsageError(
      `replay token for '${token.case.name}' decodes to a different model here than where it was made (${why}): it cannot replay that case; rerun the campaign that found it (same --seed and --runs) with this version`,
    );
  }
  const note =
    token.stamp.tfjs !== tf.version.tfjs
      ? `replayed on tfjs ${tf.version.tfjs}; the token was made with tfjs ${token.stamp.tfjs} (the same model, another tfjs)`
      : undefined;
  return { token, note };
}
