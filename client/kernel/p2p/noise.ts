import { noise } from "@chainsafe/libp2p-noise";
import { LengthPrefixedDecoder } from "@libp2p/utils";
import type { Uint8ArrayList } from "uint8arraylist";

/** A length-prefixed decoder's length decoder (it throws a `RangeError` when it needs more bytes). */
type LengthDecoder = ((data: Uint8ArrayList | Uint8Array) => number) & { [EMPTY_GUARD]?: true };

/** The fields of a `LengthPrefixedDecoder` the rule below reads (private in its type). */
interface DecoderFields {
  lengthDecoder: LengthDecoder;
}

const EMPTY_GUARD = Symbol("waymark.emptyGuard");

/**
 * What a guarded length decoder throws for an empty buffer: made once, so that no stack trace is
 * captured. `LengthPrefixedDecoder` catches any `RangeError` from its length decoder as "wait for
 * more bytes", and never lets it out.
 */
const NO_LENGTH_PREFIX_YET = new RangeError("No length prefix yet");

let emptyRuleApplied = false;

/**
 * Makes every `LengthPrefixedDecoder` of the process (from `@libp2p/utils`; Noise decodes every
 * received chunk with one) learn that its buffer is empty without a fresh error. The decoder asks
 * its length decoder for the next frame's length until that throws a `RangeError`, so a chunk that
 * ends on a frame boundary, the usual case, ended in a new `RangeError` with its stack trace: 6% of
 * a node's CPU while holding 7,500 sessions. Decoding is otherwise unchanged (any other buffer still
 * goes to the length decoder, which still throws its own error on a partial prefix). The rule
 * applies to the class `@libp2p/utils` exports, once per process.
 */
function guardEmptyBuffers(): void {
  if (emptyRuleApplied) return;
  emptyRuleApplied = true;
  const prototype = LengthPrefixedDecoder.prototype as unknown as {
    decode: (this: DecoderFields, buf: Uint8ArrayList | Uint8Array) => Generator<Uint8ArrayList>;
  };
  const decode = prototype.decode;
  prototype.decode = function (this: DecoderFields, buf: Uint8ArrayList | Uint8Array) {
    if (this.lengthDecoder[EMPTY_GUARD] !== true) this.lengthDecoder = guarded(this.lengthDecoder);
    return decode.call(this, buf);
  };
}

/**
 * @param lengthDecoder - A length decoder.
 * @returns One that throws {@link NO_LENGTH_PREFIX_YET} for an empty buffer and is otherwise the same.
 */
function guarded(lengthDecoder: LengthDecoder): LengthDecoder {
  const decoder: LengthDecoder = (data) => {
    if (data.byteLength === 0) throw NO_LENGTH_PREFIX_YET;
    return lengthDecoder(data);
  };
  decoder[EMPTY_GUARD] = true;
  return decoder;
}

/**
 * The connection encrypter of every Waymark host: Noise, whose received chunks are split into
 * messages without an error at each chunk's end (see `guardEmptyBuffers`).
 *
 * @returns The encrypter factory, for libp2p's `connectionEncrypters`.
 */
export function waymarkNoise(): ReturnType<typeof noise> {
  guardEmptyBuffers();
  return noise();
}
