import { LengthPrefixedDecoder } from "@libp2p/utils";
import type { Uint8ArrayList } from "uint8arraylist";
import { describe, expect, it } from "vitest";

import { waymarkNoise } from "../../client/kernel/p2p/noise.js";

/** Noise's framing: a 2-byte big-endian length, then the message. */
function frame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + message.byteLength);
  out[0] = message.byteLength >> 8;
  out[1] = message.byteLength & 0xff;
  out.set(message, 2);
  return out;
}

/** Noise's length decoder, counting the calls made on an empty buffer. */
function countingUint16Decoder(): {
  decode: (data: Uint8ArrayList | Uint8Array) => number;
  emptyCalls: () => number;
} {
  let empty = 0;
  return {
    decode: (data) => {
      if (data.byteLength === 0) empty += 1;
      if (data.byteLength < 2) throw new RangeError("Could not decode int16BE");
      const bytes = data instanceof Uint8Array ? data : data.subarray(0, 2);
      return ((bytes[0] ?? 0) << 8) + (bytes[1] ?? 0);
    },
    emptyCalls: () => empty,
  };
}

function decodeAll(decoder: LengthPrefixedDecoder, chunks: readonly Uint8Array[]): number[][] {
  const messages: number[][] = [];
  for (const chunk of chunks) {
    for (const message of decoder.decode(chunk)) messages.push([...message.subarray()]);
  }
  return messages;
}

describe("Noise's length-prefixed decoding on Waymark hosts", () => {
  it("splits chunks into the same messages without asking for a length of an empty buffer", () => {
    waymarkNoise();
    const lengths = countingUint16Decoder();
    const decoder = new LengthPrefixedDecoder({ lengthDecoder: lengths.decode, encodingLength: () => 2 });
    const messages = [1, 2, 3, 300, 5].map((size) =>
      Uint8Array.from({ length: size }, (_, i) => (size + i) % 256),
    );
    const wire = new Uint8Array(messages.reduce((total, message) => total + 2 + message.byteLength, 0));
    let offset = 0;
    for (const message of messages) {
      wire.set(frame(message), offset);
      offset += 2 + message.byteLength;
    }
    // Three whole messages in one chunk; then a chunk ending inside the fourth's length prefix; then
    // the rest, ending on a message boundary.
    const chunks = [wire.subarray(0, 15), wire.subarray(15, 16), wire.subarray(16)];
    expect(decodeAll(decoder, chunks)).toEqual(messages.map((message) => [...message]));
    expect(lengths.emptyCalls()).toBe(0);
  });

  it("still waits for the rest of a length prefix split across chunks", () => {
    waymarkNoise();
    const lengths = countingUint16Decoder();
    const decoder = new LengthPrefixedDecoder({ lengthDecoder: lengths.decode, encodingLength: () => 2 });
    const message = Uint8Array.from({ length: 700 }, (_, i) => i % 251);
    const wire = frame(message);
    expect(decodeAll(decoder, [wire.subarray(0, 1)])).toEqual([]);
    expect(decodeAll(decoder, [wire.subarray(1, 400)])).toEqual([]);
    expect(decodeAll(decoder, [wire.subarray(400)])).toEqual([[...message]]);
  });

  it("keeps refusing a length over the decoder's limit", () => {
    waymarkNoise();
    const decoder = new LengthPrefixedDecoder({
      lengthDecoder: countingUint16Decoder().decode,
      encodingLength: () => 2,
      maxDataLength: 100,
    });
    expect(() => decodeAll(decoder, [frame(new Uint8Array(101))])).toThrow(/Invalid message length/);
  });
});
