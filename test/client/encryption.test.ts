import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterEach, describe, expect, it } from "vitest";

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
import {
  decryptMailKeyFile,
  encryptMailKeyFile,
  isEncryptedMailKeyFile,
  readMailKeyFile,
  unencryptedMailKeyFile,
  writeMailKeyFile,
} from "../../client/mail/keyFile.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TempDirs } from "../node/helpers/fixtures.js";

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

describe("mail key files", () => {
  const dirs = new TempDirs();
  afterEach(async () => {
    await dirs.cleanup();
  });

  it("round-trips a key sealed with a passphrase, and refuses a missing or wrong one by name", async () => {
    const bob = generateMailKeyPair();
    const contents = await encryptMailKeyFile(bob.privateKey, "correct horse");
    expect(isEncryptedMailKeyFile(contents)).toBe(true);
    expect(contents.publicKey).toBe(mailKeyToHex(bob.publicKey));
    expect(JSON.stringify(contents)).not.toContain(mailKeyToHex(bob.privateKey));
    expect(contents.encryption).toMatchObject({ kdf: "scrypt", n: 2 ** 17, cipher: "xchacha20-poly1305" });

    // Through JSON, as on disk.
    const parsed = JSON.parse(JSON.stringify(contents)) as unknown;
    expect(await decryptMailKeyFile(parsed, { passphrase: "correct horse" })).toEqual(bob);
    const missing = await expectRejectsNamed(decryptMailKeyFile(parsed), "MailKeyPassphraseError");
    expect(missing).toMatchObject({ reason: "missing" });
    const wrong = await expectRejectsNamed(
      decryptMailKeyFile(parsed, { passphrase: "wrong", file: "bob.key" }),
      "MailKeyPassphraseError",
    );
    expect(wrong).toMatchObject({ reason: "wrong" });
    expect(wrong.message).toBe("The passphrase does not decrypt the mail key bob.key");
    await expectRejectsNamed(encryptMailKeyFile(bob.privateKey, ""), "MailKeyPassphraseError");
  });

  it("binds the sealed key to the public key written beside it", async () => {
    const bob = generateMailKeyPair();
    const contents = await encryptMailKeyFile(bob.privateKey, "pw");
    const swapped = { ...contents, publicKey: mailKeyToHex(generateMailKeyPair().publicKey) };
    await expectRejectsNamed(decryptMailKeyFile(swapped, { passphrase: "pw" }), "MailKeyPassphraseError");
  });

  it("reads unencrypted files, including the older ones without a format", async () => {
    const bob = generateMailKeyPair();
    const plain = unencryptedMailKeyFile(bob.privateKey);
    expect(isEncryptedMailKeyFile(plain)).toBe(false);
    expect(await decryptMailKeyFile(plain)).toEqual(bob);
    const older = { publicKey: mailKeyToHex(bob.publicKey), privateKey: mailKeyToHex(bob.privateKey) };
    expect(await decryptMailKeyFile(older, { passphrase: "ignored" })).toEqual(bob);
    const mismatched = { ...older, publicKey: mailKeyToHex(generateMailKeyPair().publicKey) };
    await expectRejectsNamed(decryptMailKeyFile(mismatched), "InvalidMailKeyFileError");
  });

  it("rejects contents that are not a mail key, or ask for unbounded work", async () => {
    const contents = await encryptMailKeyFile(generateMailKeyPair().privateKey, "pw");
    const costly = { ...contents, encryption: { ...contents.encryption, n: 2 ** 24 } };
    await expectRejectsNamed(decryptMailKeyFile(costly, { passphrase: "pw" }), "InvalidMailKeyFileError");
    for (const bad of [
      null,
      [],
      { hello: "world" },
      { format: "waymark-node-key", version: 1 },
      { privateKey: "zz" },
    ]) {
      await expectRejectsNamed(decryptMailKeyFile(bad), "InvalidMailKeyFileError");
    }
  });

  it("writes files only its owner can read, never over an existing one, and reads them back", async () => {
    const dir = await dirs.make();
    const path = join(dir, "bob.key");
    const bob = generateMailKeyPair();
    await writeMailKeyFile(path, await encryptMailKeyFile(bob.privateKey, "pw"));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await expectRejectsNamed(
      writeMailKeyFile(path, unencryptedMailKeyFile(bob.privateKey)),
      "MailKeyFileExistsError",
    );

    const file = await readMailKeyFile(path);
    expect(file.encrypted).toBe(true);
    expect(await file.open("pw")).toEqual(bob);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({
      format: "waymark-mail-key",
      version: 1,
    });

    await writeFile(join(dir, "broken.key"), "{ not json");
    await expectRejectsNamed(readMailKeyFile(join(dir, "broken.key")), "InvalidMailKeyFileError");
    await expectRejectsNamed(readMailKeyFile(join(dir, "absent.key")), "InvalidMailKeyFileError");
  });
});
