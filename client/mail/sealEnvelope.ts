import { ConfigurationError } from "../errors/client.js";
import type { MailContext } from "./context.js";
import type { SealedPayloadVersion } from "./encryption.js";
import { encryptPayload, encryptUnboundPayload } from "./encryption.js";
import type { MailEnvelope } from "./protocol/index.js";
import { createEnvelope } from "./protocol/index.js";

/** How a message is sealed into its envelope: encryption, ttl and time (options of `send`). */
export interface SealOptions {
  /**
   * Encrypt the payload so the server stores only ciphertext: to this public key (33 or 65 bytes,
   * secp256k1), or to the key an Ethereum address published as its `mail/key` record (looked up
   * on verified records servers, its signature checked against the address).
   */
  encryptTo?: Uint8Array | string | undefined;
  /**
   * Format of the encrypted payload: 2 binds it to this envelope's topic, timestamp and ttl, so a
   * copy re-posted under another one does not open; 1 is the older unbound format, for recipients
   * whose client predates version 2. @default 2
   */
  sealVersion?: SealedPayloadVersion | undefined;
  /** Seconds the servers keep the message; 0 for their retention. @default 0 */
  ttl?: number | undefined;
  /** Message time, milliseconds since the epoch. @default Date.now() */
  timestamp?: number | undefined;
}

/** What {@link sealEnvelope} builds a message from. */
export interface SealEnvelopeParameters extends SealOptions {
  /** Routing topic. */
  topic: string;
  /** The payload, as bytes or UTF-8 text. */
  payload: Uint8Array | string;
}

/**
 * Builds the envelope of a message to send: fixes its time, encrypts the payload when asked (bound
 * to the envelope's topic, timestamp and ttl by default) and checks it against the protocol's rules.
 *
 * @param client - The client (looks up an address's mail key).
 * @param message - Topic, payload, encryption, ttl and timestamp.
 * @param signal - Cancels the key lookup.
 * @returns The envelope with its id, and whether its payload is encrypted.
 * @throws MailInvalidEnvelopeError or MailTooLargeError when the message breaks a protocol rule.
 * @throws EncryptionError when `encryptTo` is not a public key, or the timestamp or ttl cannot be sealed.
 * @throws MailKeyNotPublishedError when `encryptTo` is an address that published no mail key.
 */
export async function sealEnvelope(
  client: MailContext,
  message: SealEnvelopeParameters,
  signal: AbortSignal | undefined,
): Promise<{ envelope: MailEnvelope; encrypted: boolean }> {
  const { topic, payload } = message;
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  // The time is fixed before sealing: a bound payload carries the envelope's topic, time and ttl.
  const binding = { topic, timestamp: message.timestamp ?? Date.now(), ttl: message.ttl ?? 0 };
  const recipient = await recipientKey(client, message.encryptTo, signal);
  const sealed =
    recipient === undefined
      ? bytes
      : message.sealVersion === 1
        ? encryptUnboundPayload(recipient, bytes)
        : encryptPayload(recipient, bytes, binding);
  return { envelope: createEnvelope({ ...binding, payload: sealed }), encrypted: recipient !== undefined };
}

async function recipientKey(
  client: MailContext,
  encryptTo: Uint8Array | string | undefined,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  if (encryptTo === undefined || encryptTo instanceof Uint8Array) return encryptTo;
  if (client.resolveMailKey === undefined) {
    throw new ConfigurationError("This client cannot look up an address's mail key", {
      details: "use createWaymarkClient, or pass the recipient's public key",
    });
  }
  return client.resolveMailKey(encryptTo, signal);
}
