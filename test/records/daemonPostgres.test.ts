import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { RECORDS_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { RecordDomain } from "../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../client/records/protocol/requests.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { usePostgres, useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";
import { newOwner, signed } from "./helpers.js";
import { RecordsNodes } from "./nodes.js";

// A real `waymark-node` process with its records in PostgreSQL, the URL given in WAYMARK_PG_URL.
describe("waymark-node start --service records/1 on PostgreSQL", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-records-pg-daemon-");
  const processes = useProcesses();
  const hosts = new RecordsNodes();
  processes.add({ stop: async () => hosts.cleanup() });
  const server = usePostgres();

  it("keeps records across a restart, and refuses a second process on the same schema", async () => {
    const key = await newNodeKey();
    await world.current.registerNode(key, { providerId: 1n, service: RECORDS_SERVICE });
    const dir = await dirs.make();
    const start = async (nodeDir: string) =>
      startNodeProcess({
        dir: nodeDir,
        registry: world.current.address,
        rpcUrl: world.current.chain.rpcUrl,
        key,
        config: {
          service: RECORDS_SERVICE,
          serviceOptions: { records: { store: "postgres", postgresSchema: "records_node_a" } },
        },
        env: { WAYMARK_PG_URL: server.current.url },
        until: "ready",
      });
    const node = processes.add(await start(dir));
    const { chainId } = await world.current.chain.provider.getNetwork();
    const domain: RecordDomain = { chainId, registry: world.current.address };
    const client = await hosts.client();
    const owner = newOwner();
    const record = await signed(owner, { name: "mail/key" }, domain);
    expect(await putRecord(client, multiaddr(node.multiaddr), domain, record)).toEqual({ duplicate: false });

    const second = await start(await dirs.make()).catch((err: unknown) => err);
    expect(String(second)).toContain("StoreInUseError");

    await node.stop();
    const again = processes.add(await start(dir));
    const read = await getRecord(client, multiaddr(again.multiaddr), domain, {
      owner: owner.address,
      name: "mail/key",
    });
    expect(read).toMatchObject({ owner: owner.address, name: "mail/key", sequence: 1 });
    const status = await again.status<{ services: { records: { records: number } } }>();
    expect(status.services.records.records).toBe(1);
    console.log(
      "records daemon on PostgreSQL: record kept across a restart; a second process on the schema refused",
    );
  });
});
