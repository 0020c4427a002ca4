import { createServer } from "node:net";

import { describe, expect, it } from "vitest";

import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { usePostgres, useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "./helpers/fixtures.js";

// The operator's case: `waymark-node start` with its mail in PostgreSQL, started before the
// database server (a host boot, a compose file): the node waits for the server instead of exiting.
describe("waymark-node start before its PostgreSQL server", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-pg-late-");
  const processes = useProcesses();
  const postgres = usePostgres();

  it("starts once the server answers", async () => {
    const server = postgres.current;
    await server.halt();
    const key = await newNodeKey();
    await world.current.registerNode(key, { providerId: 1n });
    const starting = startNodeProcess({
      dir: await dirs.make(),
      registry: world.current.address,
      rpcUrl: world.current.chain.rpcUrl,
      key,
      mail: { store: "postgres", postgresSchema: "late_node", storeConnectTimeoutMs: 60_000 },
      env: { WAYMARK_PG_URL: server.url },
      until: "ready",
    });
    const outcome = starting.then(
      (node) => processes.add(node),
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
    // Until the server starts, its port accepts and drops each connection, counting them: the
    // node's store has tried (and failed) before the server is up.
    let tried = 0;
    const dropper = createServer((socket) => {
      tried++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(server.port, "127.0.0.1", resolve));
    const spawned = Date.now();
    while (tried < 2) {
      if (Date.now() - spawned > 60_000) throw new Error("the node never tried to connect");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, spawned + 2_000 - Date.now())));
    await new Promise<void>((resolve) => {
      dropper.close(() => {
        resolve();
      });
    });
    await server.resume();
    const node = await outcome;
    expect(node).not.toBeInstanceOf(Error);
    if (node instanceof Error) return;
    const status = await node.status<{
      state: string;
      services: { mail: { store?: { lockHeld: boolean } } };
    }>();
    const retries = node.process.lines.filter((line) =>
      line.msg.includes("the mail store cannot reach PostgreSQL yet; retrying"),
    );
    console.log(
      `node started before PostgreSQL: ${tried} connections dropped before the server started, ${retries.length} retries logged; node state ${status.state}, ` +
        `mail store lockHeld=${String(status.services.mail.store?.lockHeld)}`,
    );
    expect(tried).toBeGreaterThanOrEqual(2);
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(status.state).toBe("running");
    expect(status.services.mail.store?.lockHeld).toBe(true);
  });
});
