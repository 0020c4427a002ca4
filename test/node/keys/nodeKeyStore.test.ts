import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { readNodeKey, writeNodeKey } from "../../../node/keys/nodeKeyStore.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { useTempDirs } from "../../helpers/hooks.js";

/** An encrypted node key file written by an earlier release (passphrase `correct horse battery staple`). */
const RELEASED_KEY_FILE = {
  format: "waymark-node-key",
  version: 1,
  keyType: "secp256k1",
  peerId: "16Uiu2HAmUF2jZ4749N6aSd6kMEg4v8FPcGHmPCPYAx6MKPtVBiya",
  nodeAddress: "0x1e39842b0022F94c0dc0439D88DaD03129bc8B9C",
  encryption: {
    kdf: "scrypt",
    n: 131072,
    r: 8,
    p: 1,
    salt: "ytz/QOhAiZtFLyL2bSYOIf1zKEebZRA8G6CmshZGhmU=",
    cipher: "xchacha20-poly1305",
    nonce: "cV3YZDEHrW7Berdl2/6ueYVl3et2bwZT",
  },
  ciphertext: "lzNjCb7Jzm6uzDpgDdq8Am78yDMfhNOwomlDHRB3Txvd8QVhkRrBnEjvkVf6XsbXKh1Qng==",
};

describe("node key files", () => {
  const dirs = useTempDirs("waymark-node-test-");

  it("round-trips an encrypted key, and refuses a missing or wrong passphrase", async () => {
    const path = join(await dirs.make(), "keys", "node.key");
    const written = await writeNodeKey(path, { passphrase: "correct horse" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(path, ".."))).mode & 0o777).toBe(0o700);

    const read = await readNodeKey(path, { passphrase: "correct horse" });
    expect(read.peerId.equals(written.peerId)).toBe(true);
    expect(read.nodeAddress).toBe(written.nodeAddress);
    expect(read.readableByOthers).toBe(false);
    await expectRejectsNamed(readNodeKey(path), "KeyPassphraseError");
    await expectRejectsNamed(readNodeKey(path, { passphrase: "wrong" }), "KeyPassphraseError");
  });

  it("reads an encrypted key file written by an earlier release", async () => {
    const path = join(await dirs.make(), "node.key");
    await writeFile(path, JSON.stringify(RELEASED_KEY_FILE), { mode: 0o600 });
    const read = await readNodeKey(path, { passphrase: "correct horse battery staple" });
    expect(read.peerId.toString()).toBe(RELEASED_KEY_FILE.peerId);
    expect(read.nodeAddress).toBe(RELEASED_KEY_FILE.nodeAddress);
    await expectRejectsNamed(readNodeKey(path, { passphrase: "correct horse" }), "KeyPassphraseError");
  });

  it("binds the sealed key to the peer id written beside it", async () => {
    const dir = await dirs.make();
    const a = join(dir, "a.key");
    const b = join(dir, "b.key");
    await writeNodeKey(a, { passphrase: "pw" });
    const other = await writeNodeKey(b, { passphrase: "pw" });
    const file = JSON.parse(await readFile(a, "utf8")) as Record<string, unknown>;
    await writeFile(a, JSON.stringify({ ...file, peerId: other.peerId.toString() }));
    await expectRejectsNamed(readNodeKey(a, { passphrase: "pw" }), "KeyPassphraseError");
  });

  it("rejects a file that is not a node key", async () => {
    const path = join(await dirs.make(), "node.key");
    await writeFile(path, JSON.stringify({ hello: "world" }), { mode: 0o644 });
    await expectRejectsNamed(readNodeKey(path), "InvalidKeyFileError");
  });
});
