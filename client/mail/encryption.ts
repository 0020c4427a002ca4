import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { concat } from "uint8arrays/concat";

import { EncryptionError } from "../errors/client.js";

/**
 * Sealed payload layouts (ECIES over secp256k1), both
 * `"WME" version ‖ ephemeral public key (33, compressed) ‖ nonce (24) ‖ XChaCha20-Poly1305 ciphertext+tag`.
 * The key is HKDF-SHA256 of the ECDH shared x-coordinate, salted with the ephemeral and recipient
 * public keys, with the info `waymark/mail/e2e/<version>`.
 *
 * - Version 1 (unbound) authenticates the first 37 bytes as associated data. It says nothing about
 *   the envelope, so a copy posted under another topic, time or ttl still opens.
 * - Version 2 (bound) authenticates the first 37 bytes followed by the envelope's
 *   `u32 topic length ‖ topic (UTF-8) ‖ u64 timestamp ‖ u32 ttl` (big-endian): it opens only inside
 *   the envelope it was sealed for. The version is both in the associated data and in the key
 *   derivation, so relabelling one version as the other does not open either.
 */
const MAGIC = new Uint8Array([0x57, 0x4d, 0x45]);
const UNBOUND = 1;
const BOUND = 2;
const PUBLIC_KEY_BYTES = 33;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + PUBLIC_KEY_BYTES;
const MAX_UINT32 = 0xffff_ffff;
const encoder = new TextEncoder();

/** The versions of sealed payloads: 1 unbound (older clients), 2 bound to its envelope. */
export type SealedPayloadVersion = typeof UNBOUND | typeof BOUND;

/**
 * The envelope fields a bound (version 2) sealed payload is tied to; a `MailEnvelope` fits. Set the
 * timestamp before sealing: the envelope must carry the same one.
 */
export interface PayloadBinding {
  /** The envelope's topic. */
  topic: string;
  /** The envelope's timestamp, milliseconds since the epoch. */
  timestamp: number;
  /** The envelope's ttl in seconds. @default 0 */
  ttl?: number | undefined;
}

/** A key pair for end-to-end payload encryption (secp256k1). */
export interface MailKeyPair {
  /** 32-byte secret key; keep it to read what is sent to the public key. */
  privateKey: Uint8Array;
  /** 33-byte compressed public key; give it to senders. */
  publicKey: Uint8Array;
}

/**
 * Generates a key pair for end-to-end payload encryption.
 *
 * @returns A fresh secp256k1 key pair.
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateMailKeyPair();
 * publishSomewhere(mailKeyToHex(publicKey));
 * ```
 */
export function generateMailKeyPair(): MailKeyPair {
  const privateKey = secp256k1.utils.randomSecretKey();
  return { privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) };
}

/**
 * The public key of a secret key.
 *
 * @param privateKey - 32-byte secret key.
 * @returns The 33-byte compressed public key.
 * @throws EncryptionError when the key is invalid.
 */
export function mailPublicKey(privateKey: Uint8Array): Uint8Array {
  try {
    return secp256k1.getPublicKey(privateKey, true);
  } catch (err) {
    throw new EncryptionError("Invalid mail secret key", { cause: err });
  }
}

/**
 * Encrypts a payload to a recipient's public key, bound to the envelope it will travel in (version
 * 2): it opens only under the same topic, timestamp and ttl, so a copy re-posted under another
 * topic, time or ttl does not open. Every call uses a fresh ephemeral key and nonce; a mail server
 * only ever stores ciphertext.
 *
 * @param recipientPublicKey - The recipient's public key (33 bytes compressed or 65 uncompressed).
 * @param plaintext - The payload.
 * @param binding - The envelope's topic, timestamp and ttl.
 * @returns The sealed payload.
 * @throws EncryptionError when the public key or the binding is invalid.
 * @example
 * ```ts
 * const timestamp = Date.now();
 * const payload = encryptPayload(bobPublicKey, text, { topic: "/inbox/bob", timestamp });
 * const envelope = createEnvelope({ topic: "/inbox/bob", payload, timestamp });
 * ```
 */
export function encryptPayload(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  binding: PayloadBinding,
): Uint8Array {
  return seal(recipientPublicKey, plaintext, BOUND, bindingBytes(binding));
}

/**
 * Encrypts a payload in the older, unbound format (version 1), which clients from before version 2
 * open. It does not bind the envelope: a copy re-posted under another topic, time or ttl still
 * opens. Prefer {@link encryptPayload}.
 *
 * @param recipientPublicKey - The recipient's public key (33 bytes compressed or 65 uncompressed).
 * @param plaintext - The payload.
 * @returns The sealed payload.
 * @throws EncryptionError when the public key is invalid.
 */
export function encryptUnboundPayload(recipientPublicKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return seal(recipientPublicKey, plaintext, UNBOUND, new Uint8Array(0));
}

/**
 * Opens a sealed payload: a bound one (version 2) only with the topic, timestamp and ttl of the
 * envelope it was sealed for, an unbound one (version 1) whatever the envelope.
 *
 * @param privateKey - The recipient's 32-byte secret key.
 * @param sealed - The sealed payload.
 * @param binding - The envelope it arrived in (needed for version 2).
 * @returns The plaintext.
 * @throws EncryptionError when it is not a sealed payload, is for another key, was altered, or was
 * sealed for another envelope (or no envelope was given for a bound payload).
 * @example
 * ```ts
 * const text = decryptPayload(bob.privateKey, envelope.payload, envelope);
 * ```
 */
export function decryptPayload(
  privateKey: Uint8Array,
  sealed: Uint8Array,
  binding?: PayloadBinding,
): Uint8Array {
  const version = sealedPayloadVersion(sealed);
  if (version === undefined) throw new EncryptionError("Not an encrypted Waymark payload");
  if (version === BOUND && binding === undefined) {
    throw new EncryptionError("A bound payload opens only with the topic and time of its envelope");
  }
  const bound = version === BOUND && binding !== undefined ? bindingBytes(binding) : new Uint8Array(0);
  const header = sealed.subarray(0, HEADER_BYTES);
  const ephemeralPublic = sealed.subarray(HEADER_BYTES - PUBLIC_KEY_BYTES, HEADER_BYTES);
  const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES + NONCE_BYTES);
  try {
    const recipient = secp256k1.getPublicKey(privateKey, true);
    const key = deriveKey(
      version,
      secp256k1.getSharedSecret(privateKey, ephemeralPublic, true),
      ephemeralPublic,
      recipient,
    );
    return xchacha20poly1305(key, nonce, concat([header, bound])).decrypt(ciphertext);
  } catch (err) {
    throw new EncryptionError("The payload cannot be decrypted with this key in this envelope", {
      cause: err,
    });
  }
}

/**
 * Whether bytes look like a sealed payload (magic, a known version and the minimum length).
 *
 * @param payload - The bytes.
 * @returns True when they do.
 */
export function isEncryptedPayload(payload: Uint8Array): boolean {
  return sealedPayloadVersion(payload) !== undefined;
}

/**
 * The version of a sealed payload: 1 unbound, 2 bound to its envelope.
 *
 * @param payload - The bytes.
 * @returns The version, or undefined when the bytes are not a sealed payload.
 */
export function sealedPayloadVersion(payload: Uint8Array): SealedPayloadVersion | undefined {
  if (payload.byteLength < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) return undefined;
  if (!MAGIC.every((byte, index) => payload[index] === byte)) return undefined;
  const version = payload[MAGIC.length];
  return version === UNBOUND || version === BOUND ? version : undefined;
}

/**
 * A mail key as hex (no 0x prefix).
 *
 * @param key - Public or secret key bytes.
 * @returns Lowercase hex.
 */
export function mailKeyToHex(key: Uint8Array): string {
  return bytesToHex(key);
}

/**
 * Parses a hex mail key (with or without 0x).
 *
 * @param hex - The hex text.
 * @param expectedBytes - 32 for a secret key, 33 for a compressed public key.
 * @returns The key bytes.
 * @throws EncryptionError when the text is not hex of that length.
 */
export function mailKeyFromHex(hex: string, expectedBytes: 32 | 33): Uint8Array {
  const text = hex.trim().replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]*$/.test(text) || text.length !== expectedBytes * 2) {
    throw new EncryptionError(
      `A mail ${expectedBytes === 32 ? "secret" : "public"} key is ${expectedBytes} bytes of hex`,
    );
  }
  return hexToBytes(text);
}

function seal(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  version: SealedPayloadVersion,
  bound: Uint8Array,
): Uint8Array {
  let recipient: Uint8Array;
  try {
    recipient = secp256k1.Point.fromBytes(recipientPublicKey).toBytes(true);
  } catch (err) {
    throw new EncryptionError("Invalid recipient public key", { cause: err });
  }
  const ephemeral = secp256k1.utils.randomSecretKey();
  const ephemeralPublic = secp256k1.getPublicKey(ephemeral, true);
  const key = deriveKey(
    version,
    secp256k1.getSharedSecret(ephemeral, recipient, true),
    ephemeralPublic,
    recipient,
  );
  const header = concat([MAGIC, Uint8Array.of(version), ephemeralPublic]);
  const nonce = randomBytes(NONCE_BYTES);
  const ciphertext = xchacha20poly1305(key, nonce, concat([header, bound])).encrypt(plaintext);
  return concat([header, nonce, ciphertext]);
}

/** `u32 topic length ‖ topic ‖ u64 timestamp ‖ u32 ttl`, big-endian. */
function bindingBytes(binding: PayloadBinding): Uint8Array {
  const ttl = binding.ttl ?? 0;
  if (typeof binding.topic !== "string") throw new EncryptionError("The binding's topic is not text");
  if (!Number.isSafeInteger(binding.timestamp) || binding.timestamp < 0) {
    throw new EncryptionError("The binding's timestamp is not a non-negative integer of milliseconds");
  }
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_UINT32) {
    throw new EncryptionError("The binding's ttl is not a 32-bit unsigned integer of seconds");
  }
  const topic = encoder.encode(binding.topic);
  const bytes = new Uint8Array(4 + topic.byteLength + 8 + 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, topic.byteLength);
  bytes.set(topic, 4);
  view.setBigUint64(4 + topic.byteLength, BigInt(binding.timestamp));
  view.setUint32(4 + topic.byteLength + 8, ttl);
  return bytes;
}

function deriveKey(
  version: SealedPayloadVersion,
  shared: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipient: Uint8Array,
): Uint8Array {
  const info = encoder.encode(`waymark/mail/e2e/${version}`);
  return hkdf(sha256, shared.subarray(1), concat([ephemeralPublic, recipient]), info, 32);
}
