import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { concat } from "uint8arrays/concat";

import { EncryptionError } from "../errors/client.js";

/**
 * Sealed payload layout, version 1 (ECIES over secp256k1):
 * `"WME" 0x01 ‖ ephemeral public key (33, compressed) ‖ nonce (24) ‖ XChaCha20-Poly1305 ciphertext+tag`.
 * The key is HKDF-SHA256 of the ECDH shared x-coordinate, salted with the ephemeral and recipient
 * public keys; the first 37 bytes are authenticated as associated data.
 */
const MAGIC = new Uint8Array([0x57, 0x4d, 0x45, 0x01]);
const PUBLIC_KEY_BYTES = 33;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + PUBLIC_KEY_BYTES;
const INFO = new TextEncoder().encode("waymark/mail/e2e/1");

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
 * Encrypts a payload to a recipient's public key, so that a mail server only ever stores ciphertext.
 * Every call uses a fresh ephemeral key and nonce.
 *
 * @param recipientPublicKey - The recipient's public key (33 bytes compressed or 65 uncompressed).
 * @param plaintext - The payload.
 * @returns The sealed payload.
 * @throws EncryptionError when the public key is invalid.
 */
export function encryptPayload(recipientPublicKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  let recipient: Uint8Array;
  try {
    recipient = secp256k1.Point.fromBytes(recipientPublicKey).toBytes(true);
  } catch (err) {
    throw new EncryptionError("Invalid recipient public key", { cause: err });
  }
  const ephemeral = secp256k1.utils.randomSecretKey();
  const ephemeralPublic = secp256k1.getPublicKey(ephemeral, true);
  const key = deriveKey(secp256k1.getSharedSecret(ephemeral, recipient, true), ephemeralPublic, recipient);
  const header = concat([MAGIC, ephemeralPublic]);
  const nonce = randomBytes(NONCE_BYTES);
  const ciphertext = xchacha20poly1305(key, nonce, header).encrypt(plaintext);
  return concat([header, nonce, ciphertext]);
}

/**
 * Opens a payload sealed by {@link encryptPayload}.
 *
 * @param privateKey - The recipient's 32-byte secret key.
 * @param sealed - The sealed payload.
 * @returns The plaintext.
 * @throws EncryptionError when it is not a sealed payload, is for another key, or was altered.
 */
export function decryptPayload(privateKey: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (!isEncryptedPayload(sealed)) throw new EncryptionError("Not an encrypted Waymark payload");
  const ephemeralPublic = sealed.subarray(MAGIC.length, HEADER_BYTES);
  const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES + NONCE_BYTES);
  try {
    const recipient = secp256k1.getPublicKey(privateKey, true);
    const key = deriveKey(
      secp256k1.getSharedSecret(privateKey, ephemeralPublic, true),
      ephemeralPublic,
      recipient,
    );
    return xchacha20poly1305(key, nonce, sealed.subarray(0, HEADER_BYTES)).decrypt(ciphertext);
  } catch (err) {
    throw new EncryptionError("The payload cannot be decrypted with this key", { cause: err });
  }
}

/**
 * Whether bytes look like a payload sealed by {@link encryptPayload} (magic and minimum length).
 *
 * @param payload - The bytes.
 * @returns True when they do.
 */
export function isEncryptedPayload(payload: Uint8Array): boolean {
  if (payload.byteLength < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) return false;
  return MAGIC.every((byte, index) => payload[index] === byte);
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

function deriveKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipient: Uint8Array): Uint8Array {
  return hkdf(sha256, shared.subarray(1), concat([ephemeralPublic, recipient]), INFO, 32);
}
