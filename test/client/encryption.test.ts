import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";

import {
  decryptPayload,
  encryptPayload,
  encryptUnboundPayload,
  generateMailKeyPair,
  isEncryptedPayload,
  mailKeyFromHex,
  mailKeyToHex,
  mailPublicKey,
  sealedPayloadVersion,
} from "../../client/mail/encryption.js";

const text = new TextEncoder().encode("the server must never read this");
const inbox = { topic: "/inbox/bob", timestamp: 1_750_000_000_000, ttl: 3_600 };

/** Sealed by the version-1 code of an earlier release, to the secret key beside it. */
const RELEASED_V1 = {
  privateKey: "b6eb546781554fb7aa2798589df74d3f993579a84886deec41f1793f055cb1b6",
  sealed:
    "V01FAQOvgOnG9crLrQsYbKTYl3M/EqXDmqWHnVhFIvzxgm1kup6Fcawni9ZWP+uioywYj9Z7rCWiZgZznItlPfAzbK4UnS/BhBaXmKYkd4WFDEYkfmI/MrhkwwxKkZmv",
  plaintext: "sealed by version 1",
};

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
    const sealed = encryptPayload(bob.publicKey, text, inbox);
    expect(isEncryptedPayload(sealed)).toBe(true);
    expect(sealedPayloadVersion(sealed)).toBe(2);
    expect(Buffer.from(sealed).includes(Buffer.from(text))).toBe(false);
    expect(decryptPayload(bob.privateKey, sealed, inbox)).toEqual(text);
    expect(named(() => decryptPayload(generateMailKeyPair().privateKey, sealed, inbox))).toBe(
      "EncryptionError",
    );
  });

  it("uses a fresh ephemeral key and nonce for every message", () => {
    const bob = generateMailKeyPair();
    expect(encryptPayload(bob.publicKey, text, inbox)).not.toEqual(
      encryptPayload(bob.publicKey, text, inbox),
    );
  });

  it("opens a bound payload only in the envelope it was sealed for", () => {
    const bob = generateMailKeyPair();
    const sealed = encryptPayload(bob.publicKey, text, inbox);
    const elsewhere = [
      { ...inbox, topic: "/inbox/eve" },
      { ...inbox, topic: "/inbox/bob/" },
      { ...inbox, timestamp: inbox.timestamp + 1 },
      { ...inbox, timestamp: inbox.timestamp - 60_000 },
      { ...inbox, ttl: 0 },
      { topic: inbox.topic, timestamp: inbox.timestamp },
    ];
    for (const envelope of elsewhere) {
      expect(named(() => decryptPayload(bob.privateKey, sealed, envelope))).toBe("EncryptionError");
    }
    // A bound payload without its envelope does not open either.
    expect(named(() => decryptPayload(bob.privateKey, sealed))).toBe("EncryptionError");
    // The default ttl is 0 on both sides.
    const noTtl = { topic: inbox.topic, timestamp: inbox.timestamp };
    expect(
      decryptPayload(bob.privateKey, encryptPayload(bob.publicKey, text, noTtl), { ...noTtl, ttl: 0 }),
    ).toEqual(text);
  });

  it("refuses a bound payload relabelled as unbound, and the reverse", () => {
    const bob = generateMailKeyPair();
    const bound = encryptPayload(bob.publicKey, text, inbox);
    const downgraded = bound.slice();
    downgraded[3] = 1;
    expect(sealedPayloadVersion(downgraded)).toBe(1);
    expect(named(() => decryptPayload(bob.privateKey, downgraded, inbox))).toBe("EncryptionError");
    expect(named(() => decryptPayload(bob.privateKey, downgraded))).toBe("EncryptionError");

    const unbound = encryptUnboundPayload(bob.publicKey, text);
    const upgraded = unbound.slice();
    upgraded[3] = 2;
    expect(named(() => decryptPayload(bob.privateKey, upgraded, inbox))).toBe("EncryptionError");
  });

  it("opens unbound payloads whatever the envelope, including one sealed by an earlier release", () => {
    const bob = generateMailKeyPair();
    const unbound = encryptUnboundPayload(bob.publicKey, text);
    expect(sealedPayloadVersion(unbound)).toBe(1);
    expect(decryptPayload(bob.privateKey, unbound)).toEqual(text);
    expect(decryptPayload(bob.privateKey, unbound, { ...inbox, topic: "/anywhere" })).toEqual(text);

    const released = Buffer.from(RELEASED_V1.sealed, "base64");
    const opened = decryptPayload(mailKeyFromHex(RELEASED_V1.privateKey, 32), released, inbox);
    expect(new TextDecoder().decode(opened)).toBe(RELEASED_V1.plaintext);
  });

  it("rejects a payload whose any byte was altered", () => {
    const bob = generateMailKeyPair();
    for (const sealed of [
      encryptPayload(bob.publicKey, text, inbox),
      encryptUnboundPayload(bob.publicKey, text),
    ]) {
      for (const index of [5, 40, 60, sealed.length - 1]) {
        const altered = sealed.slice();
        altered[index] = (altered[index] ?? 0) ^ 1;
        expect(named(() => decryptPayload(bob.privateKey, altered, inbox))).toBe("EncryptionError");
      }
    }
  });

  it("accepts an uncompressed recipient key and rejects an invalid key or binding", () => {
    const bob = generateMailKeyPair();
    const uncompressed = secp256k1.getPublicKey(bob.privateKey, false);
    expect(decryptPayload(bob.privateKey, encryptPayload(uncompressed, text, inbox), inbox)).toEqual(text);
    expect(named(() => encryptPayload(new Uint8Array(33), text, inbox))).toBe("EncryptionError");
    expect(named(() => decryptPayload(bob.privateKey, text, inbox))).toBe("EncryptionError");
    expect(named(() => encryptPayload(bob.publicKey, text, { ...inbox, timestamp: -1 }))).toBe(
      "EncryptionError",
    );
    expect(named(() => encryptPayload(bob.publicKey, text, { ...inbox, ttl: 2 ** 32 }))).toBe(
      "EncryptionError",
    );
  });

  it("round-trips keys through hex", () => {
    const { privateKey, publicKey } = generateMailKeyPair();
    expect(mailKeyFromHex(`0x${mailKeyToHex(privateKey)}`, 32)).toEqual(privateKey);
    expect(mailPublicKey(mailKeyFromHex(mailKeyToHex(privateKey), 32))).toEqual(publicKey);
    expect(named(() => mailKeyFromHex("abcd", 33))).toBe("EncryptionError");
  });
});
