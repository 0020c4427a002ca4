import { randomBytes } from "node:crypto";

import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { encodeCursor } from "../../../node/mail/cursor.js";
import type { SyncRequest, SyncResponse } from "../../../node/mail/sync/sync.generated.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import type { TestRegistry } from "../../node/helpers/fixtures.js";
import { deployTestRegistry, registerNodeKey } from "../../node/helpers/fixtures.js";
import { Fleet, findLine, mailStatusOf } from "../helpers/fleet.js";
import type { SyncAnswer } from "../helpers/syncPeer.js";
import { startSyncPeer } from "../helpers/syncPeer.js";

/** Every slice differs, so that the victim lists ids in all of them. */
function differingDigest(request: NonNullable<SyncRequest["digest"]>): SyncResponse {
  return {
    digest: {
      buckets: Array.from({ length: request.buckets }, () => ({ count: 1, sum: 1 })),
      floor: 0,
    },
  };
}

/** Ids that do not exist, and a cursor that always says "more follows" without moving on. */
const STUCK_CURSOR: SyncAnswer = (request) => {
  if (request.digest !== undefined) return differingDigest(request.digest);
  if (request.listIds !== undefined) {
    const ids = Array.from({ length: 16 }, () => new Uint8Array(randomBytes(32)));
    const cursor = encodeCursor({ timestamp: request.listIds.from, id: new Uint8Array(32) });
    return { listIds: { ids, cursor: cursor as Uint8Array<ArrayBuffer> } };
  }
  return { fetch: { envelopes: [] } };
};

/** ~400,000 ids: a 13 MiB listing, made once. */
let hugePage: Uint8Array<ArrayBuffer>[] | undefined;

/** One page of ~400,000 ids, again and again. */
const HUGE_PAGES: SyncAnswer = (request) => {
  if (request.digest !== undefined) return differingDigest(request.digest);
  if (request.listIds !== undefined) {
    hugePage ??= Array.from({ length: 400_000 }, () => new Uint8Array(randomBytes(32)));
    const ids = hugePage;
    const cursor = encodeCursor({ timestamp: request.listIds.to, id: new Uint8Array(32).fill(0xff) });
    return { listIds: { ids, cursor: cursor as Uint8Array<ArrayBuffer> } };
  }
  return { fetch: { envelopes: [] } };
};

/**
 * A restarting mail server catches up from a registered peer before it announces itself. A
 * registered node that answers catch-up with a cursor that never ends (or pages far larger than
 * asked for) would keep it from ever becoming ready.
 */
describe("a registered node that answers catch-up without end", () => {
  let chain: Chain;
  let registry: TestRegistry;
  let fleet: Fleet;
  const hosts: Libp2p[] = [];

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployTestRegistry(chain);
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await fleet.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  for (const [name, answer] of [
    ["a cursor that never advances", STUCK_CURSOR],
    ["pages of 400,000 ids", HUGE_PAGES],
  ] as const) {
    it(`cannot keep a starting node from announcing with ${name}`, async () => {
      fleet = new Fleet(chain.rpcUrl, registry.address);
      const key: PrivateKey = await generateKeyPair("secp256k1");
      await registerNodeKey(registry.otherProvider, key, 2n);
      const rogue = await startSyncPeer({ privateKey: key, answer });
      hosts.push(rogue);
      const rogueAddress = rogue.getMultiaddrs()[0]!.toString();

      const home = await fleet.prepare({
        registerWith: { provider: registry.provider, providerId: 1n },
        config: { bootstrap: [rogueAddress] },
        mail: { catchUpWaitMs: 20_000 },
      });
      const started = Date.now();
      const server = await fleet.start(home);
      const ready = await server.process.waitForLine((line) => line.msg === "services ready");
      const status = await mailStatusOf(server);
      const failure = findLine(server.process, (line) => /catch-up from .* failed/.test(line.msg));
      console.log(
        `catch-up against ${name}: ready after ${Number(ready.time) - started} ms; catch-up ${status.catchUp.state}; logged: ${String(failure?.msg)} (${String(failure?.reason)})`,
      );
      expect(status.ready).toBe(true);
      expect(status.catchUp.state).toBe("failed");
      expect(failure?.level).toBe(40);
      expect(server.process.child.exitCode).toBeNull();
    }, 90_000);
  }
});
