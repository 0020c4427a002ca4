import type { Libp2p } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../client/mail/protocol/queryHistory.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import type { NodeProcess } from "../../scripts/kit/nodeProcess.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";

/** Mail options of the node: no rate limit in the way of the burst. */
const MAIL = {
  pushBurst: 100_000,
  pushesPerSecond: 100_000,
  bytesBurst: 1e9,
  bytesPerSecond: 1e9,
  queryBurst: 100_000,
  queriesPerSecond: 100_000,
  maxStreamsPerPeer: 64,
};
/** Acknowledged pushes before the kill. */
const KILL_AT = 400;

// A real `waymark-node start` process (the CLI an operator runs, its PostgreSQL URL in
// WAYMARK_PG_URL), killed with SIGKILL in the middle of a burst of pushes, on each backend.
describe.each(["sqlite", "postgres"] as const)(
  "kill -9 of a waymark-node mail process mid-burst: %s",
  (backend) => {
    const world = useWorld({ providers: TEST_PROVIDERS });
    const dirs = useTempDirs("waymark-mail-crash-");
    const processes = useProcesses();
    let server: PostgresServer | undefined;
    let client: Libp2p | undefined;
    beforeAll(async () => {
      if (backend === "postgres") server = await startPostgres();
    }, 60_000);
    afterEach(async () => {
      await client?.stop();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("keeps every acknowledged push", async () => {
      const key = await newNodeKey();
      await world.current.registerNode(key, { providerId: 1n });
      const dir = await dirs.make();
      const store = server === undefined ? {} : { store: "postgres", postgresSchema: "mail_crash" };
      const start = async (): Promise<NodeProcess> =>
        processes.add(
          await startNodeProcess({
            dir,
            registry: world.current.address,
            rpcUrl: world.current.chain.rpcUrl,
            key,
            mail: { ...MAIL, ...store },
            env: server === undefined ? {} : { WAYMARK_PG_URL: server.url },
            until: "ready",
          }),
        );
      const node = await start();
      client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
      const target = [multiaddr(node.multiaddr)];

      const acked = new Set<string>();
      let failed = 0;
      let next = 0;
      const killed = Promise.withResolvers<undefined>();
      const child = node.process.child;
      const pusher = async (): Promise<void> => {
        while (child.exitCode === null && child.signalCode === null) {
          const envelope = createEnvelope({
            topic: "/burst",
            payload: new TextEncoder().encode(`burst ${next++}`),
            ttl: 3_600,
          });
          try {
            await pushEnvelope(client!, target, envelope, { timeoutMs: 10_000 });
            acked.add(envelopeIdHex(envelope.id));
            if (acked.size === KILL_AT) {
              child.kill("SIGKILL");
              killed.resolve(undefined);
            }
          } catch {
            failed += 1;
            await killed.promise;
          }
        }
      };
      await Promise.all(Array.from({ length: 32 }, pusher));
      expect(await node.process.exit()).toEqual({ code: null, signal: "SIGKILL" });
      expect(acked.size).toBeGreaterThanOrEqual(KILL_AT);

      const again = await start();
      const held = new Set<string>();
      for await (const page of queryHistoryPages(client, [multiaddr(again.multiaddr)], {
        topics: ["/burst"],
        pageSize: 100,
      })) {
        for (const envelope of page.envelopes) held.add(envelopeIdHex(envelope.id));
      }
      const lost = [...acked].filter((id) => !held.has(id));
      console.log(
        `mail kill -9 of waymark-node (${backend}): ${acked.size} pushes acknowledged before SIGKILL, ` +
          `${failed} failed, ${held.size} held after restart, ${lost.length} acknowledged lost`,
      );
      expect(lost).toEqual([]);
      expect(held.size).toBeLessThanOrEqual(acked.size + failed);
    });
  },
);
