import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";

import {
  decryptPayload,
  encryptPayload,
  generateMailKeyPair,
  isEncryptedPayload,
  mailKeyFromHex,
  mailKeyToHex,
  mailPublicKey,
} from "../../client/mail/encryption.js";

const text = new TextEncoder().encode("the server must never read this");

function named(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).name;
  }
  return "none";
}

describe("end-to-end payload encryption", () => {
  it("opens only with the recipient's secret key", () => {
    const bob = generateMailKeyPair();
    const sealed = encryptPayload(bob.publicKey, text);
    expect(isEncryptedPayload(sealed)).toBe(true);
    expect(Buffer.from(sealed).includes(Buffer.from(text))).toBe(false);
    expect(decryptPayload(bob.privateKey, sealed)).toEqual(text);
    expect(named(() => decryptPayload(generateMailKeyPair().privateKey, sealed))).toBe("EncryptionError");
  });

  it("uses a fresh ephemeral key and nonce for every message", () => {
    const bob = generateMailKeyPair();
    expect(encryptPayload(bob.publicKey, text)).not.toEqual(encryptPayload(bob.publicKey, text));
  });

  it("rejects a payload whose any byte was altered", () => {
    const bob = generateMailKeyPair();
    const sealed = encryptPayload(bob.publicKey, text);
    for (const index of [5, 40, 60, sealed.length - 1]) {
      const altered = sealed.slice();
      altered[index] = (altered[index] ?? 0) ^ 1;
      expect(named(() => decryptPayload(bob.privateKey, altered))).toBe("EncryptionError");
    }
  });

  it("accepts an uncompressed recipient key and rejects an invalid one", () => {
    const bob = generateMailKeyPair();
    const uncompressed = secp256k1.getPublicKey(bob.privateKey, false);
    expect(decryptPayload(bob.privateKey, encryptPayload(uncompressed, text))).toEqual(text);
    expect(named(() => encryptPayload(new Uint8Array(33), text))).toBe("EncryptionError");
    expect(named(() => decryptPayload(bob.privateKey, text))).toBe("EncryptionError");
  });

  it("round-trips keys through hex", () => {
    const { privateKey, publicKey } = generateMailKeyPair();
    expect(mailKeyFromHex(`0x${mailKeyToHex(privateKey)}`, 32)).toEqual(privateKey);
    expect(mailPublicKey(mailKeyFromHex(mailKeyToHex(privateKey), 32))).toEqual(publicKey);
    expect(named(() => mailKeyFromHex("abcd", 33))).toBe("EncryptionError");
  });
});
