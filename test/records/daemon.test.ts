import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";

import { RECORDS_SERVICE } from "../../client/kernel/service/serviceId.js";
import { serviceKey } from "../../client/kernel/service/serviceKey.js";
import type { RecordDomain } from "../../client/records/protocol/record.js";
import { getRecord, listRecordNames, putRecord } from "../../client/records/protocol/requests.js";
import { startNodeProcess } from "../../scripts/kit/nodeProcess.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";
import { newOwner, signed } from "./helpers.js";
import { RecordsNodes, rawPut } from "./nodes.js";

describe("waymark-node start --service records/1", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-records-daemon-");
  const processes = useProcesses();
  const hosts = new RecordsNodes();
  processes.add({ stop: async () => hosts.cleanup() });

  it("serves puts and gets over the network, announces under the records service key, and reports records", async () => {
    const start = async (bootstrap: readonly string[], until: "ready" | "announced") => {
      const key = await newNodeKey();
      await world.current.registerNode(key, { providerId: 1n, service: RECORDS_SERVICE });
      return processes.add(
        await startNodeProcess({
          dir: await dirs.make(),
          registry: world.current.address,
          rpcUrl: world.current.chain.rpcUrl,
          key,
          config: {
            service: RECORDS_SERVICE,
            bootstrap,
            serviceOptions: { records: { maxRecordsPerOwner: 3 } },
          },
          until,
        }),
      );
    };
    // A second records node gives the first a DHT peer to announce to.
    const peer = await start([], "ready");
    const node = await start(peer.multiaddrs, "announced");
    const { chainId } = await world.current.chain.provider.getNetwork();
    const domain: RecordDomain = { chainId, registry: world.current.address };
    const client = await hosts.client();
    const target = multiaddr(node.multiaddr);
    const owner = newOwner();

    const record = await signed(owner, { name: "mail/key" }, domain);
    expect(await putRecord(client, target, domain, record)).toEqual({ duplicate: false });
    expect(await getRecord(client, target, domain, { owner: owner.address, name: "mail/key" })).toMatchObject(
      {
        owner: owner.address,
        name: "mail/key",
        sequence: 1,
      },
    );
    expect((await listRecordNames(client, target, { owner: owner.address })).entries).toHaveLength(1);
    // Signed for another registry on the same chain: refused.
    const foreign = await signed(owner, { name: "x" }, { chainId, registry: newOwner().address });
    await expectRejectsNamed(rawPut(client, target, foreign), "RecordBadSignatureError");

    const status = await node.status<{
      service: string;
      serviceKey: string;
      announcement: { last: { ok: boolean; peers: number } | null };
      services: { records: Record<string, unknown> };
    }>();
    expect(status.service).toBe(RECORDS_SERVICE);
    expect(status.announcement.last).toMatchObject({ ok: true });
    expect(status.announcement.last?.peers).toBeGreaterThan(0);
    expect(status.serviceKey).toBe(
      serviceKey({ chainId, registry: world.current.address, service: RECORDS_SERVICE }).toString(),
    );
    expect(status.services.records).toMatchObject({
      records: 1,
      owners: 1,
      tombstones: 0,
      stored: 1,
      capacityBytes: 1_073_741_824,
    });
    const records = status.services.records;
    expect(records.freeBytes).toBe(1_073_741_824 - Number(records.bytesUsed));

    const metrics = await (await fetch(`${node.statusUrl}/metrics`)).text();
    expect(metrics).toContain('waymark_records_requests_total{kind="put",outcome="ok"} 1');
    expect(metrics).toContain('waymark_records_requests_total{kind="put",outcome="error"} 1');
    expect(metrics).toContain('waymark_records_requests_total{kind="get",outcome="ok"} 1');
    expect(metrics).toContain('waymark_records_refusals_total{reason="bad_signature"} 1');
    // The four requests answered, each timed once: a put, a get and a list, and one refused put.
    expect(metrics).toMatch(
      /^waymark_records_request_duration_seconds_count\{traffic="client",outcome="ok"\} 3$/m,
    );
    expect(metrics).toMatch(
      /^waymark_records_request_duration_seconds_count\{traffic="client",outcome="error"\} 1$/m,
    );
    expect(metrics).toMatch(/^waymark_records_records 1$/m);
    expect(metrics).toMatch(/^waymark_records_store_bytes [1-9]/m);
  });
});
