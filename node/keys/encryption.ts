import { randomBytes, scrypt } from "node:crypto";

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";

/** How an encrypted node key was sealed: scrypt stretches the passphrase, XChaCha20-Poly1305 seals. */
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
 * Encrypts a private key with a passphrase.
 *
 * @param plaintext - The key bytes.
 * @param passphrase - The passphrase.
 * @param associatedData - Bytes bound to the ciphertext without being encrypted (the peer id), so
 * that the file's clear fields cannot be swapped.
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
 * Decrypts a private key sealed by {@link encryptKey}.
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
