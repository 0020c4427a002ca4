import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { nodeAddressFromPeerId } from "../../../client/kernel/identity/nodeAddress.js";
import { readNodeKey } from "../../../node/keys/nodeKeyStore.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { useTempDirs } from "../../helpers/hooks.js";

interface KeygenOutput {
  peerId: string;
  nodeAddress: string;
  keyFile: string;
  encrypted: boolean;
}

describe("waymark-node keygen", () => {
  const dirs = useTempDirs("waymark-node-test-");

  it("writes a secp256k1 key only its owner can read, and prints its peer id and node address", async () => {
    const out = join(await dirs.make(), "node.key");
    const result = await runCli("waymark-node", ["keygen", "--out", out, "--json"]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as KeygenOutput;

    expect(printed).toMatchObject({ keyFile: out, encrypted: false });
    expect(printed.peerId).toMatch(/^16Uiu2/);
    expect(printed.nodeAddress).toBe(nodeAddressFromPeerId(printed.peerId));
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readNodeKey(out)).peerId.toString()).toBe(printed.peerId);
  });

  it("prints the identity for a person by default", async () => {
    const out = join(await dirs.make(), "node.key");
    const result = await runCli("waymark-node", ["keygen", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^peer id: +16Uiu2\w+$/m);
    expect(result.stdout).toMatch(/^node address: +0x[0-9a-fA-F]{40}$/m);
  });

  it("refuses to overwrite a key unless forced", async () => {
    const out = join(await dirs.make(), "node.key");
    await runCli("waymark-node", ["keygen", "--out", out]);
    const before = await readFile(out, "utf8");

    const refused = await runCli("waymark-node", ["keygen", "--out", out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("KeyFileExistsError");
    expect(await readFile(out, "utf8")).toBe(before);

    const forced = await runCli("waymark-node", ["keygen", "--out", out, "--force", "--json"]);
    expect(forced.code).toBe(0);
    expect(await readFile(out, "utf8")).not.toBe(before);
    expect((await readNodeKey(out)).peerId.toString()).toBe(
      (JSON.parse(forced.stdout) as KeygenOutput).peerId,
    );
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it("encrypts the key with a passphrase from an environment variable", async () => {
    const out = join(await dirs.make(), "node.key");
    const result = await runCli(
      "waymark-node",
      ["keygen", "--out", out, "--passphrase-env", "NODE_PW", "--json"],
      {
        env: { NODE_PW: "open sesame" },
      },
    );
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as KeygenOutput;
    expect(printed.encrypted).toBe(true);

    const file = JSON.parse(await readFile(out, "utf8")) as Record<string, unknown>;
    expect(file).not.toHaveProperty("privateKey");
    expect(file).toMatchObject({ peerId: printed.peerId, encryption: { kdf: "scrypt" } });
    await expectRejectsNamed(readNodeKey(out), "KeyPassphraseError");
    expect((await readNodeKey(out, { passphrase: "open sesame" })).peerId.toString()).toBe(printed.peerId);
  });

  it("refuses an empty passphrase variable", async () => {
    const out = join(await dirs.make(), "node.key");
    const result = await runCli("waymark-node", ["keygen", "--out", out, "--passphrase-env", "NODE_PW"], {
      env: { NODE_PW: "" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("NODE_PW");
  });
});
