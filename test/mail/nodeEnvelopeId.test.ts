import { describe, expect, it } from "vitest";

import { envelopeId } from "../../client/mail/protocol/envelope.js";
import type { Envelope } from "../../client/mail/protocol/mail.generated.js";
import { nodeEnvelopeId } from "../../node/mail/envelopeId.js";

/** Bytes 0, 1, 2, … of a given length. */
function counting(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => i % 251);
}

// The node hashes the envelopes it accepts with Node's sha-256; clients with the portable one.
describe("nodeEnvelopeId", () => {
  const inside = counting(4_096);
  const cases: [string, Envelope][] = [
    ["an empty payload", { topic: "/t", payload: new Uint8Array(0), timestamp: 0, ttl: 0 }],
    [
      "a 1 KiB payload",
      { topic: "/inbox/alice", payload: counting(1_024), timestamp: 1_800_000_000_000, ttl: 3_600 },
    ],
    ["a UTF-8 topic", { topic: "/boîte/✉️/δ", payload: counting(7), timestamp: 1, ttl: 1 }],
    [
      "the largest timestamp and ttl",
      { topic: "/t", payload: counting(3), timestamp: Number.MAX_SAFE_INTEGER, ttl: 0xffff_ffff },
    ],
    ["a 256 KiB payload", { topic: "/big", payload: counting(262_144), timestamp: 42, ttl: 60 }],
    [
      "a payload that is a view into a larger buffer",
      { topic: "/view", payload: inside.subarray(100, 1_124), timestamp: 5, ttl: 5 },
    ],
  ];

  it.each(cases)("gives the client's id for %s", (_, envelope) => {
    expect(nodeEnvelopeId(envelope)).toEqual(envelopeId(envelope));
  });

  it("returns a plain 32-byte array over a buffer of its own", () => {
    const [, envelope] = cases[1] ?? [];
    if (envelope === undefined) throw new Error("no case");
    const id = nodeEnvelopeId(envelope);
    expect(Object.getPrototypeOf(id)).toBe(Uint8Array.prototype);
    expect(id.byteLength).toBe(32);
    expect(id.buffer.byteLength).toBe(32);
  });

  it("tells apart envelopes that differ in one field", () => {
    const base: Envelope = { topic: "/t", payload: counting(16), timestamp: 1_000, ttl: 10 };
    const ids = [
      base,
      { ...base, topic: "/u" },
      { ...base, timestamp: 1_001 },
      { ...base, ttl: 11 },
      { ...base, payload: counting(17) },
    ].map((envelope) => Buffer.from(nodeEnvelopeId(envelope)).toString("hex"));
    expect(new Set(ids).size).toBe(5);
  });
});
