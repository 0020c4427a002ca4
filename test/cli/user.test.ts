import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { Libp2p } from "@libp2p/interface";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { generateMailKeyPair, mailKeyToHex } from "../../client/mail/encryption.js";
import {
  decryptMailKeyFile,
  encryptMailKeyFile,
  unencryptedMailKeyFile,
  writeMailKeyFile,
} from "../../client/mail/keyFile.js";
import { runCli } from "../../scripts/kit/cli.js";
import type { TestNode } from "../client/network.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

describe("waymark user commands", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  let honest: TestNode[];
  let rogue: TestNode;
  let provider: bigint;
  const hosts: Libp2p[] = [];
  const user = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli("waymark", [...args.slice(0, 1), "--bootstrap", network.seedAddress, ...args.slice(1)], {
      env: { ...tmp.env, ...env },
    });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
    provider = await network.addProvider({ name: "Alpha Mail" });
    honest = [
      await network.startNode({ providerId: provider, mail: true }),
      await network.startNode({ providerId: provider, mail: true }),
    ];
    rogue = await network.startNode({ mail: true });
  });
  afterEach(async () => {
    await Promise.all(
      hosts.splice(0).map(async (host) => {
        await host.stop();
      }),
    );
    await network.stop();
    await tmp.remove();
  });

  it("discover prints every candidate with its verdict, reason, provider and RTT", async () => {
    const own = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(own);
    const custom = own.getMultiaddrs()[0]!.toString();
    const result = await user(["discover", "--custom", custom]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Searching the DHT");
    expect(result.stderr).toContain("Verifying against the registry: 3 usable");

    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^CANDIDATE\s+VERDICT\s+REASON\s+PROVIDER\s+RTT\s+SOURCE$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      new RegExp(`^${own.peerId.toString()}\\s+custom\\s+Custom\\s+-\\s+\\d+ ms\\s+custom$`),
    );
    for (const node of honest) {
      expect(result.stdout).toMatch(
        new RegExp(`^${node.peerId}\\s+trusted\\s+Trusted\\s+${provider} Alpha Mail\\s+\\d+ ms\\s+dht$`, "m"),
      );
    }
    expect(lines[4]).toMatch(
      new RegExp(`^${rogue.peerId}\\s+rejected\\s+NodeUnknown\\s+-\\s+not probed\\s+dht$`),
    );

    const json = await user(["discover", "--json"]);
    const rows = JSON.parse(json.stdout) as {
      peerId: string;
      verdict: string;
      reason: string;
      providerId?: string;
      rttMs?: number;
    }[];
    expect(rows.map((r) => [r.peerId, r.verdict, r.reason]).sort()).toEqual(
      [
        [honest[0]!.peerId, "trusted", "Trusted"],
        [honest[1]!.peerId, "trusted", "Trusted"],
        [rogue.peerId, "rejected", "NodeUnknown"],
      ].sort(),
    );
    // Only the candidates a client could use are dialled and measured.
    expect(rows.filter((r) => r.verdict !== "rejected").every((r) => typeof r.rttMs === "number")).toBe(true);
    expect(rows.find((r) => r.peerId === rogue.peerId)?.rttMs).toBeUndefined();
  });

  it("pick selects a verified node, never the rogue one", async () => {
    const text = await user(["pick"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^Selected (${honest.map((n) => n.peerId).join("|")}) \\(provider ${provider} Alpha Mail\\), RTT \\d+ ms$`,
        "m",
      ),
    );
    expect(text.stdout).toMatch(/^address \/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//m);

    const json = JSON.parse((await user(["pick", "--json"])).stdout) as {
      peerId: string;
      verdict: string;
      providerId: string;
    };
    expect(honest.map((n) => n.peerId)).toContain(json.peerId);
    expect([json.verdict, json.providerId]).toEqual(["trusted", String(provider)]);

    const other = await network.addProvider({ isDefault: false });
    const none = await user(["pick", "--trust", String(other)]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split("\n").at(-1)).toMatch(
      /^waymark: NoServerAvailableError: No verified and reachable mail\/1 server is available/,
    );
    const unknown = await user(["pick", "--trust", "42"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("RegistryUnknownProvider(42)");
  });

  it("send stores a message that history then returns", async () => {
    const sent = await user(["send", "/chat/room", "hello from the cli"]);
    expect(sent.code, sent.stderr).toBe(0);
    const match = /^Sent ([0-9a-f]{64}) via (\S+) \(provider (\d+)\)$/m.exec(sent.stdout);
    expect(match?.[3]).toBe(String(provider));
    expect(honest.map((n) => n.peerId)).toContain(match?.[2]);
    // Read where it was written (the test's mail servers do not replicate).
    const other = honest.find((n) => n.peerId !== match?.[2])!;
    const only = ["--exclude-node", other.peerId];

    const json = await user(["send", "/chat/room", "second", "--json", ...only]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      server: match?.[2],
      encrypted: false,
      duplicate: false,
      providerId: String(provider),
    });

    const history = await user(["history", "--topic", "/chat/room", ...only]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stderr).toContain("Fetching history: 2 messages");
    const lines = history.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}\/chat\/room {2}[0-9a-f]{16} {2}hello from the cli$/);
    expect(lines[1]).toMatch(/ {2}second$/);

    const rows = JSON.parse(
      (await user(["history", "--topic", "/chat/room", "--json", "--limit", "1", ...only])).stdout,
    ) as {
      text: string;
      topic: string;
    }[];
    expect(rows).toMatchObject([{ topic: "/chat/room", text: "hello from the cli" }]);

    const newest = await user([
      "history",
      "--topic",
      "/chat/room",
      "--backward",
      "--page-size",
      "1",
      "--limit",
      "1",
      ...only,
    ]);
    expect(newest.stdout.trim()).toMatch(/ {2}second$/);
    const none = await user(["history", "--topic", "/chat/room", "--to", "2000-01-01T00:00:00Z", ...only]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe("");
  });

  it("keygen writes an encrypted key file and never prints its secret unless asked", async () => {
    const keyFile = join(tmp.dir, "bob.key");
    const passphrase = { WAYMARK_MAIL_KEY_PASSPHRASE: "correct horse" };
    const keygen = await runCli("waymark", ["keygen", "--out", keyFile], {
      env: { ...tmp.env, ...passphrase },
    });
    expect(keygen.code, keygen.stderr).toBe(0);
    const publicKey = keygen.stdout.trim();
    expect(publicKey).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(keygen.stderr).toContain(`Wrote ${keyFile} (secret key encrypted with the passphrase)`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const contents = JSON.parse(await readFile(keyFile, "utf8")) as Record<string, unknown>;
    expect(Object.keys(contents).sort()).toEqual([
      "ciphertext",
      "encryption",
      "format",
      "publicKey",
      "version",
    ]);
    const secret = mailKeyToHex(
      (await decryptMailKeyFile(contents, { passphrase: "correct horse" })).privateKey,
    );
    expect(`${keygen.stdout}${keygen.stderr}`).not.toContain(secret);
    expect(contents.publicKey).toBe(publicKey);

    // No passphrase and no terminal to ask on: nothing is written.
    const refused = await runCli("waymark", ["keygen", "--out", join(tmp.dir, "none.key")], { env: tmp.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^waymark: MailKeyPassphraseError: .*WAYMARK_MAIL_KEY_PASSPHRASE/m);
    expect(existsSync(join(tmp.dir, "none.key"))).toBe(false);
    const again = await runCli("waymark", ["keygen", "--out", keyFile], {
      env: { ...tmp.env, ...passphrase },
    });
    expect(again.stderr).toMatch(/^waymark: MailKeyFileExistsError: /m);
    const nowhere = await runCli("waymark", ["keygen"], { env: tmp.env });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/^waymark: ConfigurationError: keygen needs --out FILE/m);

    // In clear, and printed, only when asked.
    const plainFile = join(tmp.dir, "plain.key");
    const plain = await runCli("waymark", ["keygen", "--out", plainFile, "--unencrypted", "--json"], {
      env: tmp.env,
    });
    expect(JSON.parse(plain.stdout)).toMatchObject({ file: plainFile, encrypted: false });
    expect(JSON.parse(await readFile(plainFile, "utf8"))).toHaveProperty("privateKey");
    const printed = JSON.parse(
      (await runCli("waymark", ["keygen", "--show-secret", "--json"], { env: tmp.env })).stdout,
    ) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(["privateKey", "publicKey"]);
  }, 120_000);

  it("history opens encrypted messages with an encrypted, plain or older key file, and says when none opened", async () => {
    const bob = generateMailKeyPair();
    const eve = generateMailKeyPair();
    const bobFile = join(tmp.dir, "bob.key");
    const eveFile = join(tmp.dir, "eve.key");
    const olderFile = join(tmp.dir, "older.key");
    await writeMailKeyFile(bobFile, await encryptMailKeyFile(bob.privateKey, "correct horse"));
    await writeMailKeyFile(eveFile, unencryptedMailKeyFile(eve.privateKey));
    // The shape `keygen --out` wrote before key files had a format.
    await writeFile(
      olderFile,
      JSON.stringify({ publicKey: mailKeyToHex(bob.publicKey), privateKey: mailKeyToHex(bob.privateKey) }),
    );

    // One node only, so that history reads where send wrote.
    const only = ["--exclude-node", honest[1]!.peerId];
    const sent = await user([
      "send",
      "/dm/bob",
      "the secret",
      "--encrypt-to",
      mailKeyToHex(bob.publicKey),
      ...only,
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^Sent [0-9a-f]{64} \(encrypted\) via /);
    const history = (args: string[], env: Record<string, string> = {}) =>
      user(["history", "--topic", "/dm/bob", ...args, ...only], env);

    const sealed = await history([]);
    expect(sealed.stdout).toMatch(/ {2}\[encrypted, \d+ bytes\]$/m);
    expect(sealed.stdout).not.toContain("the secret");
    expect(sealed.stderr).toContain("note: 1 encrypted message not opened: give a key with --key-file FILE");

    const opened = await history(["--key-file", bobFile], { WAYMARK_MAIL_KEY_PASSPHRASE: "correct horse" });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/ {2}\[decrypted\] the secret$/m);
    expect(opened.stderr).not.toContain("note:");
    const wrong = await history(["--key-file", bobFile], { WAYMARK_MAIL_KEY_PASSPHRASE: "battery staple" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^waymark: MailKeyPassphraseError: The passphrase does not decrypt the mail key /m,
    );
    const noPassphrase = await history(["--key-file", bobFile]);
    expect(noPassphrase.stderr).toMatch(/^waymark: MailKeyPassphraseError: .*WAYMARK_MAIL_KEY_PASSPHRASE/m);

    const older = await history(["--key-file", olderFile]);
    expect(older.stdout).toMatch(/\[decrypted\] the secret$/m);
    const fromEnv = await history(["--json"], { WAYMARK_MAIL_KEY: mailKeyToHex(bob.privateKey) });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject([
      { encrypted: true, opened: true, bound: true, text: "the secret" },
    ]);

    const wrongKey = await history(["--key-file", eveFile]);
    expect(wrongKey.code).toBe(0);
    expect(wrongKey.stdout).toMatch(/\[encrypted, \d+ bytes\]$/m);
    expect(wrongKey.stderr).toContain("note: 1 encrypted message, none opened with this key");
  }, 120_000);
});
