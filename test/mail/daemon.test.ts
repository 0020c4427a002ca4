import { afterEach, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { MAIL_PROTOCOLS } from "../../client/mail/protocol/constants.js";
import { mailErrorCodeName } from "../../client/mail/protocol/errors.js";
import { queryHistory } from "../../client/mail/protocol/queryHistory.js";
import { decodeResponse } from "../../client/mail/protocol/response.js";
import { roundTrip } from "../../client/mail/protocol/roundTrip.js";
import type { WaymarkNode } from "../../node/daemon.js";
import { startNode } from "../../node/daemon.js";
import { mailModule } from "../../node/mail/module.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../node/helpers/fixtures.js";
import { Harness, payloadOf, waitFor } from "./helpers.js";

describe("mail service mounted by the node daemon", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });
  const nodes = useProcesses();

  async function start(bootstrap: string[] = []): Promise<WaymarkNode> {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId: 1n });
    const config = testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
      bootstrap,
      serviceOptions: { mail: { catchUpWaitMs: 5_000 } },
    });
    const node = await startNode(config, {
      privateKey,
      modules: [mailModule()],
      logger: memoryLogger().logger,
    });
    nodes.add(node);
    return node;
  }

  it("replicates between two registered daemons and reports the mail status", async () => {
    const a = await start();
    const b = await start(a.libp2p.getMultiaddrs().map(String));
    await Promise.all([a.waitForAnnouncement(), b.waitForAnnouncement()]);

    const client = await harness.client();
    const envelope = createEnvelope({ topic: "/daemon", payload: payloadOf(64) });
    await pushEnvelope(client, a.libp2p.getMultiaddrs(), envelope);
    await waitFor(
      async () =>
        (await queryHistory(client, b.libp2p.getMultiaddrs(), { topics: ["/daemon"] })).envelopes.length ===
        1,
      "the envelope to reach b",
    );
    const page = await queryHistory(client, b.libp2p.getMultiaddrs(), { topics: ["/daemon"] });
    expect(envelopeIdHex(page.envelopes[0]!.id)).toBe(envelopeIdHex(envelope.id));
    expect(b.status().services).toMatchObject({ mail: { messages: 1, ready: true } });

    // Bytes that are not a request: the node answers MALFORMED.
    const { frame } = await roundTrip(client, a.libp2p.getMultiaddrs(), {
      protocols: MAIL_PROTOCOLS,
      request: new Uint8Array([0xff, 0xff, 0xff]),
    });
    expect(mailErrorCodeName(decodeResponse(frame).error!.code)).toBe("MALFORMED");
    const metricsOf = async (node: WaymarkNode): Promise<string> =>
      (await fetch(`${node.statusUrl!}/metrics`)).text();
    const metricsA = await metricsOf(a);
    expect(metricsA).toContain('waymark_mail_requests_total{kind="push"} 1');
    expect(metricsA).toContain('waymark_mail_envelopes_stored_total{source="push"} 1');
    expect(metricsA).toContain('waymark_mail_request_errors_total{code="MALFORMED"} 1');
    expect(metricsA).toContain('waymark_mail_request_errors_total{code="RATE_LIMITED"} 0');
    expect(metricsA).toMatch(/^waymark_mail_store_envelopes 1$/m);
    expect(metricsA).toMatch(/^waymark_mail_ready 1$/m);
    expect(metricsA).toMatch(/^waymark_mail_replication_peers [1-9]/m);
    // One push answered, one malformed request answered with an error: each timed once.
    expect(metricsA).toMatch(
      /^waymark_mail_request_duration_seconds_count\{traffic="client",outcome="ok"\} 1$/m,
    );
    expect(metricsA).toMatch(
      /^waymark_mail_request_duration_seconds_count\{traffic="client",outcome="error"\} 1$/m,
    );
    expect(metricsA).toMatch(
      /^waymark_mail_request_duration_seconds_bucket\{le="\+Inf",traffic="client",outcome="ok"\} 1$/m,
    );
    const metricsB = await metricsOf(b);
    expect(metricsB).toContain('waymark_mail_requests_total{kind="push"} 0');
    expect(metricsB).toMatch(/^waymark_mail_store_envelopes 1$/m);
    expect(metricsB).toMatch(/^waymark_mail_store_bytes [1-9]/m);
    // b answered a's forwarded envelope (node traffic) and the client's queries.
    expect(metricsB).toMatch(
      /^waymark_mail_request_duration_seconds_count\{traffic="node",outcome="ok"\} [1-9]/m,
    );
    expect(metricsB).toMatch(
      /^waymark_mail_request_duration_seconds_count\{traffic="client",outcome="ok"\} [1-9]/m,
    );
  });
});
