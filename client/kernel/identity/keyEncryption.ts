import { randomBytes, scrypt } from "node:crypto";

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";

/**
 * How a secret key in a key file was sealed with a passphrase: scrypt stretches the passphrase,
 * XChaCha20-Poly1305 seals. Node key files and mail key files share this scheme.
 */
export interface KeyEncryption {
  kdf: "scrypt";
  /** scrypt cost (a power of two). */
  n: number;
  /** scrypt block size. */
  r: number;
  /** scrypt parallelism. */
  p: number;
  /** 32 random bytes, base64. */
  salt: string;
  cipher: "xchacha20-poly1305";
  /** 24 random bytes, base64. */
  nonce: string;
}

/** scrypt parameters of new key files (the Ethereum keystore's, at half the cost: about 1 s). */
export const SCRYPT_PARAMS = { n: 2 ** 17, r: 8, p: 1 } as const;

/**
 * Encrypts a secret key with a passphrase, with a fresh salt and nonce.
 *
 * @param plaintext - The key bytes.
 * @param passphrase - The passphrase (NFKC-normalised before stretching).
 * @param associatedData - Bytes bound to the ciphertext without being encrypted (a node key file's
 * peer id, a mail key file's public key), so that the file's clear fields cannot be swapped.
 * @returns How it was sealed, and the ciphertext (base64).
 */
export async function encryptKey(
  plaintext: Uint8Array,
  passphrase: string,
  associatedData: Uint8Array,
): Promise<{ encryption: KeyEncryption; ciphertext: string }> {
  const salt = randomBytes(32);
  const nonce = randomBytes(24);
  const encryption: KeyEncryption = {
    kdf: "scrypt",
    ...SCRYPT_PARAMS,
    salt: salt.toString("base64"),
    cipher: "xchacha20-poly1305",
    nonce: nonce.toString("base64"),
  };
  const key = await stretch(passphrase, encryption);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
  return { encryption, ciphertext: Buffer.from(ciphertext).toString("base64") };
}

/**
 * Decrypts a secret key sealed by {@link encryptKey}.
 *
 * @param encryption - How it was sealed.
 * @param ciphertext - The ciphertext, base64.
 * @param passphrase - The passphrase.
 * @param associatedData - The same associated data as at encryption.
 * @returns The key bytes, or undefined when the passphrase (or the associated data) is wrong.
 */
export async function decryptKey(
  encryption: KeyEncryption,
  ciphertext: string,
  passphrase: string,
  associatedData: Uint8Array,
): Promise<Uint8Array | undefined> {
  const key = await stretch(passphrase, encryption);
  try {
    return xchacha20poly1305(key, Buffer.from(encryption.nonce, "base64"), associatedData).decrypt(
      Buffer.from(ciphertext, "base64"),
    );
  } catch {
    return undefined;
  }
}

async function stretch(passphrase: string, params: KeyEncryption): Promise<Uint8Array> {
  const { n: N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize("NFKC"),
      Buffer.from(params.salt, "base64"),
      32,
      { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
      (err, key) => {
        if (err === null) resolve(new Uint8Array(key));
        else reject(err);
      },
    );
  });
}

/** Most memory scrypt (128 · n · r bytes) may take for a key file: twice what new files take. */
const MAX_SCRYPT_BYTES = 256 * 1024 * 1024;

/**
 * Whether a key file's `encryption` field describes a seal this module can open with bounded work:
 * scrypt with a power-of-two cost and at most 256 MiB of memory, XChaCha20-Poly1305 with a 24-byte
 * nonce. A crafted file must not make its reader spend gigabytes.
 *
 * @param value - The parsed field.
 * @returns True when {@link decryptKey} may be given it.
 */
export function isKeyEncryption(value: unknown): value is KeyEncryption {
  if (typeof value !== "object" || value === null) return false;
  const field = value as Record<string, unknown>;
  const { n, r, p } = field;
  return (
    field.kdf === "scrypt" &&
    field.cipher === "xchacha20-poly1305" &&
    typeof n === "number" &&
    Number.isInteger(n) &&
    n >= 2 &&
    (n & (n - 1)) === 0 &&
    typeof r === "number" &&
    Number.isInteger(r) &&
    r >= 1 &&
    128 * n * r <= MAX_SCRYPT_BYTES &&
    typeof p === "number" &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= 16 &&
    typeof field.salt === "string" &&
    typeof field.nonce === "string" &&
    Buffer.from(field.nonce, "base64").byteLength === 24
  );
}
