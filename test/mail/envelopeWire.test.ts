import { describe, expect, it } from "vitest";

import { createEnvelope, envelopeId, toWire, withId } from "../../client/mail/protocol/envelope.js";
import { Envelope } from "../../client/mail/protocol/mail.generated.js";

describe("an envelope on the wire", () => {
  const envelope = createEnvelope({
    topic: "/app/1/chat/proto",
    payload: new TextEncoder().encode("hello"),
    timestamp: 1_700_000_000_000,
    ttl: 60,
  });

  it("carries the topic, payload, timestamp and ttl, and nothing a node keeps beside them", () => {
    const stored = { ...envelope, expiresAt: 1_700_000_060_000, arrivedAt: 1_700_000_000_500 };
    const wire = toWire(stored);
    expect(Object.keys(wire).sort()).toEqual(["payload", "timestamp", "topic", "ttl"]);
    expect(wire).toEqual({
      topic: envelope.topic,
      payload: envelope.payload,
      timestamp: envelope.timestamp,
      ttl: envelope.ttl,
    });
  });

  it("decodes to the same envelope and the same id after encoding", () => {
    const decoded = withId(Envelope.decode(Envelope.encode(toWire(envelope))));
    expect(decoded).toEqual(envelope);
    expect(decoded.id).toEqual(envelopeId(toWire(envelope)));
  });
});
