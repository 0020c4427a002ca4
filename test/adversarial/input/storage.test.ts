import type { Libp2p } from "@libp2p/interface";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { MailEnvelope } from "../../../client/mail/protocol/envelope.js";
import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import type { RunningServer } from "../helpers/fleet.js";
import { Fleet, mailStatusOf } from "../helpers/fleet.js";

/** Rates high enough that only storage limits the test's pushes. */
const UNTHROTTLED = { pushBurst: 100_000, pushesPerSecond: 100_000, bytesBurst: 1e9, bytesPerSecond: 1e9 };

describe("a mail server whose storage runs out", () => {
  let chain: Chain;
  let registry: string;
  let fleet: Fleet;
  let client: Libp2p;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployRegistry(chain);
  });
  beforeEach(async () => {
    fleet = new Fleet(chain.rpcUrl, registry);
    client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
  });
  afterEach(async () => {
    await client.stop();
    await fleet.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  async function history(server: RunningServer, topic: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const page of queryHistoryPages(client, server.addrs, { topics: [topic], pageSize: 100 })) {
      for (const envelope of page.envelopes) ids.add(envelopeIdHex(envelope.id));
    }
    return ids;
  }

  it("refuses pushes on a full disk with an error naming the store, keeps serving, and loses nothing", async () => {
    const home = await fleet.prepare({ mail: UNTHROTTLED });
    // `ulimit -f`: no file of the process may grow past 2 MiB, so the store's writes fail as they
    // would on a full disk (the SQLite WAL is the first file to reach the limit).
    const server = await fleet.start(home, { fileSizeLimitKiB: 2_048 });

    const acknowledged: string[] = [];
    let refusal: Error | undefined;
    for (let n = 0; n < 2_000 && refusal === undefined; n++) {
      const envelope = createEnvelope({
        topic: "/disk",
        payload: new Uint8Array(4_000).fill(n % 256),
        ttl: 3_600,
      });
      try {
        await pushEnvelope(client, server.addrs, envelope, { timeoutMs: 20_000 });
        acknowledged.push(envelopeIdHex(envelope.id));
      } catch (err) {
        refusal = err as Error;
      }
    }
    console.log(
      `full disk: ${acknowledged.length} pushes acknowledged, then refused with ${refusal?.name}: ${refusal?.message}`,
    );
    expect(refusal?.name).toBe("MailInternalError");
    expect(refusal?.message).toMatch(/^The node's mail store cannot write: /);
    const logged = await server.process.waitForLine(
      (line) => line.msg === "the mail store cannot write: pushes are refused",
    );
    expect(logged.level).toBe(50);
    expect(String(logged.path)).toMatch(/mail\.sqlite$/);
    // Operators see it counted, to alert on.
    expect((await mailStatusOf(server)).requests.errorsByCode.INTERNAL).toBeGreaterThanOrEqual(1);

    // Still alive and serving everything it acknowledged.
    expect(server.process.child.exitCode).toBeNull();
    const whileFull = await history(server, "/disk");
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((id) => !whileFull.has(id))).toEqual([]);

    // Space again (no file size limit): everything is there, and pushes are accepted again.
    await server.process.kill();
    const again = await fleet.start(home);
    const afterRestart = await history(again, "/disk");
    expect(acknowledged.filter((id) => !afterRestart.has(id))).toEqual([]);
    await pushEnvelope(client, again.addrs, createEnvelope({ topic: "/disk", payload: new Uint8Array(8) }));
  }, 120_000);

  it("at its size limit evicts the oldest envelopes, refuses older ones by name, and keeps the rest across a restart", async () => {
    const maxStoreBytes = 64 * 1_024;
    const home = await fleet.prepare({ mail: { ...UNTHROTTLED, maxStoreBytes } });
    const server = await fleet.start(home);
    const start = Date.now() - 120_000;
    const sent: MailEnvelope[] = [];
    for (let i = 0; i < 100; i++) {
      const envelope = createEnvelope({
        topic: "/full",
        payload: new Uint8Array(1_000).fill(i),
        timestamp: start + i * 100,
        ttl: 3_600,
      });
      await pushEnvelope(client, server.addrs, envelope);
      sent.push(envelope);
    }
    const status = await mailStatusOf(server);
    const floor = status.evictionFloor;
    expect(floor).toBeDefined();
    const kept = sent
      .filter((envelope) => envelope.timestamp > floor!)
      .map((envelope) => envelopeIdHex(envelope.id));
    console.log(
      `size limit: ${sent.length} envelopes of 1000 bytes into ${maxStoreBytes} bytes; ${status.messages} kept, eviction floor at envelope ${sent.findIndex((envelope) => envelope.timestamp > floor!)}`,
    );
    expect(status.messages).toBe(kept.length);
    expect(kept.length).toBeGreaterThan(0);
    expect([...(await history(server, "/full"))].sort()).toEqual([...kept].sort());

    const tooOld = createEnvelope({
      topic: "/full",
      payload: new Uint8Array(10),
      timestamp: floor!,
      ttl: 3_600,
    });
    const refused = await expectRejectsNamed(pushEnvelope(client, server.addrs, tooOld), "MailInternalError");
    expect(refused.message).toContain("The store is full and no longer keeps envelopes this old");

    await server.process.kill();
    const again = await fleet.start(home);
    expect([...(await history(again, "/full"))].sort()).toEqual([...kept].sort());
  }, 120_000);
});
