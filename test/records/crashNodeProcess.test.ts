import { multiaddr } from "@multiformats/multiaddr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { RECORDS_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { RecordDomain, SignedRecord } from "../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../client/records/protocol/requests.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import type { NodeProcess } from "../../scripts/kit/nodeProcess.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";
import { newOwner, signed } from "./helpers.js";
import { RecordsNodes } from "./nodes.js";

/** Records options of the node: no rate limit in the way of the burst. */
const RECORDS = {
  putsPerSecondPerPeer: 100_000,
  putBurstPerPeer: 100_000,
  putsPerSecondPerOwner: 100_000,
  putBurstPerOwner: 100_000,
  putsPerSecondPerAddress: 100_000,
  putBurstPerAddress: 100_000,
  readsPerSecondPerPeer: 100_000,
  readBurstPerPeer: 100_000,
  readsPerSecondPerAddress: 100_000,
  readBurstPerAddress: 100_000,
  maxStreamsPerPeer: 64,
};
/** Acknowledged puts before the kill. */
const KILL_AT = 300;

// A real `waymark-node start` process serving records/1, killed with SIGKILL in the middle of a
// burst of puts, on each backend: every put it acknowledged is readable after the restart.
describe.each(["sqlite", "postgres"] as const)("kill -9 of a records node mid-burst: %s", (backend) => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-records-crash-");
  const processes = useProcesses();
  const hosts = new RecordsNodes();
  processes.add({ stop: async () => hosts.cleanup() });
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (backend === "postgres") server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  // Signing the burst, two node starts and reading back every acknowledged put take most of a
  // minute on a loaded 2-core machine: the work is bounded, the limit only catches a hang.
  it("keeps every acknowledged put", { timeout: 180_000 }, async () => {
    const key = await newNodeKey();
    await world.current.registerNode(key, { providerId: 1n, service: RECORDS_SERVICE });
    const dir = await dirs.make();
    const store = server === undefined ? {} : { store: "postgres", postgresSchema: "records_crash" };
    const start = async (): Promise<NodeProcess> =>
      processes.add(
        await startNodeProcess({
          dir,
          registry: world.current.address,
          rpcUrl: world.current.chain.rpcUrl,
          key,
          config: { service: RECORDS_SERVICE, serviceOptions: { records: { ...RECORDS, ...store } } },
          env: server === undefined ? {} : { WAYMARK_PG_URL: server.url },
          until: "ready",
        }),
      );
    const node = await start();
    const { chainId } = await world.current.chain.provider.getNetwork();
    const domain: RecordDomain = { chainId, registry: world.current.address };
    const owners = Array.from({ length: 40 }, () => newOwner());
    const records: SignedRecord[] = [];
    for (let i = 0; i < 1_200; i++) {
      records.push(await signed(owners[i % owners.length]!, { name: `burst/${i}` }, domain));
    }
    const client = await hosts.client();
    const target = multiaddr(node.multiaddr);

    const acked: SignedRecord[] = [];
    let failed = 0;
    let next = 0;
    const killed = Promise.withResolvers<undefined>();
    const child = node.process.child;
    const putter = async (): Promise<void> => {
      while (child.exitCode === null && child.signalCode === null && next < records.length) {
        const record = records[next++]!;
        try {
          await putRecord(client, target, domain, record, { timeoutMs: 10_000 });
          acked.push(record);
          if (acked.length === KILL_AT) {
            child.kill("SIGKILL");
            killed.resolve(undefined);
          }
        } catch {
          failed += 1;
          await killed.promise;
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, putter));
    expect(await node.process.exit()).toEqual({ code: null, signal: "SIGKILL" });
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AT);

    const again = await start();
    const readFrom = multiaddr(again.multiaddr);
    const lost: string[] = [];
    for (const record of acked) {
      const held = await getRecord(client, readFrom, domain, { owner: record.owner, name: record.name });
      if (held?.sequence !== record.sequence) lost.push(record.name);
    }
    const status = await again.status<{ services: { records: { records: number } } }>();
    const held = status.services.records.records;
    console.log(
      `records kill -9 (${backend}): ${acked.length} puts acknowledged before SIGKILL, ${failed} failed, ` +
        `${held} held after restart, ${lost.length} acknowledged lost`,
    );
    expect(lost).toEqual([]);
    expect(held).toBeGreaterThanOrEqual(acked.length);
    expect(held).toBeLessThanOrEqual(acked.length + failed);
  });
});
