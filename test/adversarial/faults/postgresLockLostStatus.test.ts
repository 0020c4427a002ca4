import { describe, expect, it } from "vitest";

import { RECORDS_SERVICE } from "../../../client/kernel/service/serviceId.js";
import type { NodeProcess } from "../../../scripts/kit/nodeProcess.js";
import { startNodeProcess } from "../../../scripts/kit/nodeProcess.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { usePostgres, useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { TEST_PROVIDERS } from "../../node/helpers/fixtures.js";
import { dropLockSessions } from "../helpers/lockSessions.js";

/** What `/status` shows of a service's store. */
interface StoreShown {
  backend: string;
  schema: string;
  lockHeld: boolean;
  lostAt: string | null;
}

interface Status {
  services: Record<string, { store?: StoreShown }>;
}

async function healthz(node: NodeProcess): Promise<number> {
  const response = await fetch(`${node.statusUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
  await response.text();
  return response.status;
}

async function storeOf(node: NodeProcess, key: string): Promise<StoreShown | undefined> {
  return (await node.status<Status>()).services[key]?.store;
}

/** Polls a node's store status until its lock is reported lost; rejects after 30 s (a bound). */
async function untilLost(node: NodeProcess, key: string): Promise<StoreShown> {
  const end = Date.now() + 30_000;
  for (;;) {
    const store = await storeOf(node, key);
    if (store?.lockHeld === false) return store;
    if (Date.now() > end) throw new Error(`${key}: the lost lock never showed in /status`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A store whose schema-lock session ended refuses every write until the node restarts. A node that
// only refuses, while /healthz says "ok", stays broken until someone reads its log: the lost lock
// must show in /status, and /healthz must fail so that an orchestrator restarts the node.
describe("waymark-node whose PostgreSQL schema lock is lost", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-pg-lock-status-");
  const processes = useProcesses();
  const server = usePostgres();

  it("reports the lost lock in /status and answers /healthz 503, for mail and records", async () => {
    const mailKey = await newNodeKey();
    await world.current.registerNode(mailKey, { providerId: 1n });
    const recordsKey = await newNodeKey();
    await world.current.registerNode(recordsKey, { providerId: 1n, service: RECORDS_SERVICE });
    const common = {
      registry: world.current.address,
      rpcUrl: world.current.chain.rpcUrl,
      env: { WAYMARK_PG_URL: server.current.url },
      until: "ready" as const,
    };
    const mail = processes.add(
      await startNodeProcess({
        ...common,
        dir: await dirs.make(),
        key: mailKey,
        mail: { store: "postgres", postgresSchema: "status_mail" },
      }),
    );
    const records = processes.add(
      await startNodeProcess({
        ...common,
        dir: await dirs.make(),
        key: recordsKey,
        config: {
          service: RECORDS_SERVICE,
          serviceOptions: { records: { store: "postgres" } },
        },
      }),
    );
    expect(await storeOf(mail, "mail")).toEqual({
      backend: "postgres",
      schema: "status_mail",
      lockHeld: true,
      lostAt: null,
    });
    expect(await storeOf(records, "records")).toEqual({
      backend: "postgres",
      schema: "waymark_records",
      lockHeld: true,
      lostAt: null,
    });
    const before = [await healthz(mail), await healthz(records)];
    expect(before).toEqual([200, 200]);

    const dropped = await dropLockSessions(server.current.url);
    const mailLost = await untilLost(mail, "mail");
    const recordsLost = await untilLost(records, "records");
    const after = [await healthz(mail), await healthz(records)];
    console.log(
      `lost schema lock in /status: ${dropped} lock sessions dropped; /healthz before ${before.join(",")}, ` +
        `after ${after.join(",")}; mail lockHeld=${mailLost.lockHeld}, records lockHeld=${recordsLost.lockHeld}`,
    );
    expect(dropped).toBe(2);
    expect(after).toEqual([503, 503]);
    for (const lost of [mailLost, recordsLost]) {
      expect(lost.backend).toBe("postgres");
      expect(Number.isNaN(Date.parse(lost.lostAt ?? ""))).toBe(false);
    }
  });
});
