import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

import { ENVELOPE_ID_DOMAIN, MAIL_DEFAULTS } from "./constants.js";
import { MailInvalidEnvelopeError, MailTooLargeError } from "./errors.js";
import type { Envelope } from "./mail.generated.js";

/** An envelope with its id: what a client sends and what a query returns. */
export interface MailEnvelope extends Envelope {
  /** sha-256 of the canonical encoding of topic, timestamp, ttl and payload (32 bytes). */
  id: Uint8Array;
}

/** What makes an envelope; `timestamp` and `ttl` have defaults. */
export interface EnvelopeFields {
  /** Routing topic, 1 to `maxTopicBytes` UTF-8 bytes. */
  topic: string;
  /** Opaque, already encrypted bytes. */
  payload: Uint8Array;
  /** Milliseconds since the Unix epoch. @default Date.now() */
  timestamp?: number | undefined;
  /** Seconds to keep it after `timestamp`; 0 for the node's retention. @default 0 */
  ttl?: number | undefined;
}

/** Limits an envelope is checked against. */
export interface EnvelopeLimits {
  /** @default MAIL_DEFAULTS.maxTopicBytes */
  maxTopicBytes?: number | undefined;
  /** @default MAIL_DEFAULTS.maxPayloadBytes */
  maxPayloadBytes?: number | undefined;
}

const encoder = new TextEncoder();
const DOMAIN = encoder.encode(ENVELOPE_ID_DOMAIN);
const MAX_UINT32 = 0xffff_ffff;

/**
 * The bytes an envelope's id hashes, in order: `domain ‖ 0x00 ‖ u32 topicLength ‖ topic ‖ u64
 * timestamp ‖ u32 ttl ‖ u32 payloadLength ‖ payload`, integers big-endian, topic in UTF-8.
 *
 * @param envelope - Topic, payload, timestamp and ttl.
 * @returns The domain, the header and the payload, to hash one after another.
 */
export function envelopeIdInput(envelope: Envelope): readonly [Uint8Array, Uint8Array, Uint8Array] {
  const topic = encoder.encode(envelope.topic);
  const header = new Uint8Array(1 + 4 + topic.byteLength + 8 + 4 + 4);
  const view = new DataView(header.buffer);
  const at = 1 + 4 + topic.byteLength;
  view.setUint32(1, topic.byteLength);
  header.set(topic, 5);
  view.setBigUint64(at, BigInt(envelope.timestamp));
  view.setUint32(at + 8, envelope.ttl);
  view.setUint32(at + 12, envelope.payload.byteLength);
  return [DOMAIN, header, envelope.payload];
}

/**
 * The id of an envelope: the sha-256 of {@link envelopeIdInput}. The same content always has the
 * same id, so a node stores an envelope pushed twice once.
 *
 * @param envelope - Topic, payload, timestamp and ttl.
 * @returns The 32-byte id.
 */
export function envelopeId(envelope: Envelope): Uint8Array {
  const hash = sha256.create();
  for (const part of envelopeIdInput(envelope)) hash.update(part);
  return hash.digest();
}

/**
 * Checks an envelope against the protocol rules and the given limits.
 *
 * @param envelope - The envelope.
 * @param limits - Topic and payload limits.
 * @throws MailInvalidEnvelopeError when the topic is empty or too long, or timestamp or ttl is not
 * a valid integer.
 * @throws MailTooLargeError (limit `payload`) when the payload is too large.
 */
export function checkEnvelope(envelope: Envelope, limits: EnvelopeLimits = {}): void {
  const maxTopicBytes = limits.maxTopicBytes ?? MAIL_DEFAULTS.maxTopicBytes;
  const maxPayloadBytes = limits.maxPayloadBytes ?? MAIL_DEFAULTS.maxPayloadBytes;
  const topicBytes = encoder.encode(envelope.topic).byteLength;
  if (topicBytes === 0) throw new MailInvalidEnvelopeError("The envelope has an empty topic");
  if (topicBytes > maxTopicBytes) {
    throw new MailInvalidEnvelopeError(
      `The topic has ${topicBytes} bytes; at most ${maxTopicBytes} are allowed`,
    );
  }
  if (!Number.isSafeInteger(envelope.timestamp) || envelope.timestamp < 0) {
    throw new MailInvalidEnvelopeError("The timestamp is not a non-negative integer of milliseconds");
  }
  if (!Number.isInteger(envelope.ttl) || envelope.ttl < 0 || envelope.ttl > MAX_UINT32) {
    throw new MailInvalidEnvelopeError("The ttl is not a 32-bit unsigned integer of seconds");
  }
  if (envelope.payload.byteLength > maxPayloadBytes) {
    throw new MailTooLargeError(
      `The payload has ${envelope.payload.byteLength} bytes; at most ${maxPayloadBytes} are allowed`,
      { limit: "payload" },
    );
  }
}

/**
 * Builds an envelope and its id, checking it against the default limits (or the given ones).
 *
 * @param fields - Topic, payload, and optionally timestamp and ttl.
 * @param limits - Limits to check against.
 * @returns The envelope with its id.
 * @throws MailInvalidEnvelopeError or MailTooLargeError when it breaks a rule.
 * @example
 * ```ts
 * const envelope = createEnvelope({ topic: "/app/1/chat/proto", payload: ciphertext, ttl: 86_400 });
 * await pushEnvelope(host, peer, envelope);
 * ```
 */
export function createEnvelope(fields: EnvelopeFields, limits: EnvelopeLimits = {}): MailEnvelope {
  const envelope: Envelope = {
    topic: fields.topic,
    payload: fields.payload as Envelope["payload"],
    timestamp: fields.timestamp ?? Date.now(),
    ttl: fields.ttl ?? 0,
  };
  checkEnvelope(envelope, limits);
  return withId(envelope);
}

/**
 * The fields of an envelope that go on the wire (topic, payload, timestamp, ttl), and nothing else
 * of what a stored or decoded envelope carries (its id, expiry, arrival): the one place that lists
 * them.
 *
 * @param envelope - An envelope with at least the wire fields.
 * @returns A new object with only those.
 */
export function toWire(envelope: Envelope): Envelope {
  return {
    topic: envelope.topic,
    payload: envelope.payload,
    timestamp: envelope.timestamp,
    ttl: envelope.ttl,
  };
}

/**
 * Adds the id to a decoded envelope.
 *
 * @param envelope - Topic, payload, timestamp and ttl.
 * @returns The same fields and the id.
 */
export function withId(envelope: Envelope): MailEnvelope {
  return { ...toWire(envelope), id: envelopeId(envelope) };
}

/**
 * An envelope id as lowercase hex, for logs and maps.
 *
 * @param id - The 32-byte id.
 * @returns 64 hex characters.
 */
export function envelopeIdHex(id: Uint8Array): string {
  return bytesToHex(id);
}

/**
 * Whether two envelope ids are the same bytes.
 *
 * @param a - An id.
 * @param b - Another id.
 * @returns True when equal.
 */
export function idsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
