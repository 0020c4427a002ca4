import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, describe, expect, it } from "vitest";

import { consentMessage, signNodeConsent } from "../../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory } from "../../../client/mail/protocol/queryHistory.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import type { WaymarkNode } from "../../../node/daemon.js";
import { startNode } from "../../../node/daemon.js";
import { mailModule } from "../../../node/mail/module.js";
import type { MailStatus } from "../../../node/mail/types.js";
import { replicateEnvelopes } from "../../../node/mail/sync/syncClient.js";
import { startSyncPeer } from "../../adversarial/helpers/syncPeer.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { Harness, payloadOf, waitFor } from "../../mail/helpers.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

describe("the node's replication policy", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const harness = new Harness();
  afterEach(async () => {
    await harness.cleanup();
  });
  const nodes = useProcesses();

  /** Starts a daemon whose key is registered under `providerId` (1 is a default provider, 2 is not). */
  async function start(
    providerId: 1n | 2n,
    config: Record<string, unknown> = {},
    bootstrap: string[] = [],
  ): Promise<WaymarkNode> {
    const privateKey = await newNodeKey();
    await world.current.registerNode(privateKey, { providerId });
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        bootstrap,
        registryWatchInterval: "200ms",
        serviceOptions: { mail: { catchUpWaitMs: 0 } },
        ...config,
      }),
      { privateKey, modules: [mailModule()], logger: memoryLogger().logger },
    );
    nodes.add(node);
    return node;
  }

  const mailOf = (node: WaymarkNode): MailStatus => (node.status().services as { mail: MailStatus }).mail;

  async function holds(node: WaymarkNode, topic: string, id: Uint8Array): Promise<boolean> {
    const client = await harness.client();
    const page = await queryHistory(client, node.libp2p.getMultiaddrs(), { topics: [topic] });
    return page.envelopes.some((envelope) => envelopeIdHex(envelope.id) === envelopeIdHex(id));
  }

  it("narrowed to the default providers, neither forwards to nor accepts from another provider's node", async () => {
    const a = await start(1n, { replicateWith: "default" });
    const addressOfA = a.libp2p.getMultiaddrs().map(String);
    const b = await start(2n, {}, addressOfA);
    const c = await start(1n, {}, addressOfA);
    await waitFor(() => mailOf(c).replication.peers === 2, "c to replicate with a and b");
    await waitFor(() => mailOf(b).replication.peers === 2, "b to replicate with a and c");

    const client = await harness.client();
    const fromA = createEnvelope({ topic: "/policy", payload: payloadOf(16, 1) });
    await pushEnvelope(client, a.libp2p.getMultiaddrs(), fromA);
    await waitFor(async () => holds(c, "/policy", fromA.id), "a's envelope to reach c");
    expect(mailOf(a).replication.peers).toBe(1);

    // b (whose own policy admits everyone registered) forwards to a and c: only c takes it.
    const fromB = createEnvelope({ topic: "/policy", payload: payloadOf(16, 2) });
    await pushEnvelope(client, b.libp2p.getMultiaddrs(), fromB);
    await waitFor(async () => holds(c, "/policy", fromB.id), "b's envelope to reach c");
    await waitFor(() => (mailOf(a).requests.errorsByCode.UNAUTHORIZED ?? 0) > 0, "a to refuse b");
    expect(await holds(a, "/policy", fromB.id)).toBe(false);
    expect(await holds(b, "/policy", fromA.id)).toBe(false);
  });

  it("excludes a node by address whatever its provider", async () => {
    const excludedKey = await newNodeKey();
    await world.current.registerNode(excludedKey, { providerId: 1n });
    const a = await start(1n, { replicateExcludeNodes: [nodeWallet(excludedKey).address] });
    const rogue = await startSyncPeer({ privateKey: excludedKey });
    harness.track(rogue);
    const envelope = createEnvelope({ topic: "/excluded", payload: payloadOf(16) });
    await expectRejectsNamed(
      replicateEnvelopes(rogue, a.libp2p.getMultiaddrs(), [envelope]),
      "MailUnauthorizedError",
    );
  });

  it("sees a peer registered again at the registry's next events, not when its cached verdict expires", async () => {
    const a = await start(1n);
    const key = await newNodeKey();
    await world.current.registerNode(key, { providerId: 1n });
    await (await world.current.provider(1n).contract.retireNode(nodeWallet(key).address)).wait();
    const peer = await startSyncPeer({ privateKey: key });
    harness.track(peer);
    const envelope = createEnvelope({ topic: "/again", payload: payloadOf(16) });
    // a asks the registry, learns "retired", and keeps that answer for its cache time (15 s).
    await expectRejectsNamed(
      replicateEnvelopes(peer, a.libp2p.getMultiaddrs(), [envelope]),
      "MailUnauthorizedError",
    );

    await registerAgain(world.current.provider(1n), key, 1n);
    const registeredAt = Date.now();
    await waitFor(
      async () => {
        try {
          return (await replicateEnvelopes(peer, a.libp2p.getMultiaddrs(), [envelope])).stored === 1;
        } catch {
          return false;
        }
      },
      "a to accept the re-registered peer",
      5_000,
    );
    console.log(
      `a accepted the re-registered peer ${Date.now() - registeredAt} ms after its registration was mined`,
    );
  });
});

/** Registers a retired node key again, with its next consent nonce. */
async function registerAgain(provider: RegistryClient, key: PrivateKey, providerId: bigint): Promise<void> {
  const consent = await signNodeConsent(nodeWallet(key), {
    peerId: peerIdFromPrivateKey(key).toString(),
    providerId,
    service: "mail/1",
    nonce: 1n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
    chainId: provider.chainId,
    registry: provider.address,
  });
  await (await provider.contract.registerNode(consentMessage(consent), consent.signature)).wait();
}
