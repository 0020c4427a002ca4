import { join } from "node:path";

import type { Libp2p } from "@libp2p/interface";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createWaymarkClient } from "../../../client/clients/createWaymarkClient.js";
import { mailKeyFromHex } from "../../../client/mail/encryption.js";
import type { MailEnvelope } from "../../../client/mail/protocol/envelope.js";
import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import type { Scratch } from "../../cli/env.js";
import { scratch } from "../../cli/env.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import type { RunResult } from "../../../scripts/kit/process.js";
import { runCli } from "../../../scripts/kit/cli.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry } from "../../node/helpers/fixtures.js";
import type { RunningServer } from "../helpers/fleet.js";
import { Fleet } from "../helpers/fleet.js";

const PASSPHRASE = { WAYMARK_MAIL_KEY_PASSPHRASE: "correct horse battery staple" };

/** A message line as `waymark history` prints it: time, topic, short id, then the content. */
interface Shown {
  topic: string;
  content: string;
}

function shown(result: RunResult): Shown[] {
  expect(result.code, result.stderr).toBe(0);
  return result.stdout
    .trim()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [, topic = "", content = ""] = /^\S+ {2}(\S+) {2}[0-9a-f]{16} {2}(.*)$/.exec(line) ?? [];
      return { topic, content };
    });
}

describe("an attacker who captured an encrypted message re-posts it", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let fleet: Fleet;
  let server: RunningServer;
  let attacker: Libp2p | undefined;
  let tmp: Scratch;
  /** `waymark <command>` as Alice or Bob runs it, joining the DHT through the mail server. */
  const waymark = (args: string[], env: Record<string, string> = {}): Promise<RunResult> =>
    runCli("waymark", [args[0]!, "--bootstrap", server.addrs[0]!.toString(), ...args.slice(1)], {
      env: { ...tmp.env, ...env },
    });

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  beforeEach(async () => {
    fleet = new Fleet(chain.rpcUrl, registry.address);
    const home = await fleet.prepare({ registerWith: { provider: registry.provider, providerId: 1n } });
    server = await fleet.start(home, { until: "ready" });
    attacker = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    tmp = await scratch({ rpcUrl: chain.rpcUrl, registry: registry.address });
  });
  afterEach(async () => {
    await attacker?.stop();
    attacker = undefined;
    await fleet.cleanup();
    await tmp.remove();
  });
  afterAll(async () => {
    await chain.close();
  });

  /** What anyone may read from the server: every envelope of a topic. */
  async function capture(topic: string): Promise<MailEnvelope[]> {
    const found: MailEnvelope[] = [];
    for await (const page of queryHistoryPages(attacker!, server.addrs, { topics: [topic] })) {
      found.push(...page.envelopes);
    }
    return found;
  }

  /** Pushes the captured payload as a new envelope; true when the server stored it as new. */
  async function repost(original: MailEnvelope, fields: Partial<MailEnvelope>): Promise<boolean> {
    const { topic, timestamp, ttl, payload } = { ...original, ...fields };
    const forged = createEnvelope({ topic, timestamp, ttl, payload });
    const { duplicate } = await pushEnvelope(attacker!, server.addrs, forged);
    return !duplicate;
  }

  it("under another topic, time or ttl: the copy is stored but does not open for the recipient", async () => {
    const bobFile = join(tmp.dir, "bob.key");
    const keygen = await runCli("waymark", ["keygen", "--out", bobFile], {
      env: { ...tmp.env, ...PASSPHRASE },
    });
    expect(keygen.code, keygen.stderr).toBe(0);
    const bobPublic = keygen.stdout.trim();
    const sent = await waymark(["send", "/inbox/bob", "meet at noon, gate 4", "--encrypt-to", bobPublic]);
    expect(sent.code, sent.stderr).toBe(0);

    const [original] = await capture("/inbox/bob");
    expect(original).toBeDefined();
    const earlier = original!.timestamp - 60_000;
    const forgeries: Partial<MailEnvelope>[] = [
      { topic: "/inbox/bob-archive", timestamp: earlier },
      { topic: "/inbox/bob-archive" },
      { timestamp: earlier },
      { ttl: 60 },
    ];
    const stored: boolean[] = [];
    for (const fields of forgeries) stored.push(await repost(original!, fields));
    // The same envelope again is the same id: stored once.
    const again = await repost(original!, {});

    const archiveRun = await waymark(
      ["history", "--topic", "/inbox/bob-archive", "--key-file", bobFile],
      PASSPHRASE,
    );
    const archive = shown(archiveRun);
    const inboxRun = await waymark(["history", "--topic", "/inbox/bob", "--key-file", bobFile], PASSPHRASE);
    const inbox = shown(inboxRun);
    const all = [...inbox, ...archive];
    const opened = all.filter((m) => m.content.startsWith("[decrypted]"));
    console.log(
      `replay: ${stored.filter(Boolean).length} of ${forgeries.length} re-posts of Alice's ${original!.payload.byteLength}-byte sealed payload stored as new envelopes (another topic and time, another topic, another time, another ttl), the identical re-post ${again ? "stored" : "deduplicated"}; Bob's history shows ${all.length} envelopes carrying it and opens ${opened.length} (under ${opened.map((m) => m.topic).join(", ")}); under /inbox/bob-archive he is told: ${archiveRun.stderr.trim().split("\n").at(-1)}`,
    );

    expect(stored).toEqual([true, true, true, true]);
    expect(again).toBe(false);
    expect(archive).toHaveLength(2);
    expect(inbox).toHaveLength(3);
    expect(opened).toEqual([{ topic: "/inbox/bob", content: "[decrypted] meet at noon, gate 4" }]);
    expect(all.filter((m) => /^\[encrypted, \d+ bytes\]$/.test(m.content))).toHaveLength(4);
    expect(archiveRun.stderr).toContain("note: 2 encrypted messages, none opened with this key");
    expect(inboxRun.stderr).toContain("note: 2 of 3 encrypted messages did not open with this key");
  }, 120_000);

  it("in the older unbound format, which still opens, the copy opens too and is marked unbound", async () => {
    const bobFile = join(tmp.dir, "bob.key");
    const keygen = await runCli("waymark", ["keygen", "--out", bobFile], {
      env: { ...tmp.env, ...PASSPHRASE },
    });
    expect(keygen.code, keygen.stderr).toBe(0);
    // Alice's client seals in the older format, for recipients whose client predates the bound one.
    const alice = await createWaymarkClient({
      rpcUrl: chain.rpcUrl,
      registry: registry.address,
      bootstrap: [server.addrs[0]!.toString()],
    });
    try {
      await alice.send("/inbox/bob", "meet at noon", {
        encryptTo: mailKeyFromHex(keygen.stdout.trim(), 33),
        sealVersion: 1,
      });
    } finally {
      await alice.stop();
    }
    const [original] = await capture("/inbox/bob");
    expect(
      await repost(original!, { topic: "/inbox/bob-archive", timestamp: original!.timestamp - 60_000 }),
    ).toBe(true);

    const archive = shown(
      await waymark(["history", "--topic", "/inbox/bob-archive", "--key-file", bobFile], PASSPHRASE),
    );
    console.log(
      `replay of the unbound format: Alice's message re-posted under /inbox/bob-archive, a minute earlier, shows there as "${archive[0]?.content}"`,
    );
    expect(archive).toEqual([{ topic: "/inbox/bob-archive", content: "[decrypted, unbound] meet at noon" }]);
  }, 120_000);
});
