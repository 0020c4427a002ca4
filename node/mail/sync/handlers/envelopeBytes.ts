/**
 * The bytes a list of envelopes moves against the peer's byte quota: payloads and topics.
 *
 * @param message - A request or answer carrying envelopes.
 * @returns The sum of the payload lengths and topic lengths.
 */
export function envelopeBytes(message: {
  envelopes: readonly { payload: Uint8Array; topic: string }[];
}): number {
  return message.envelopes.reduce(
    (sum, envelope) => sum + envelope.payload.byteLength + envelope.topic.length,
    0,
  );
}
