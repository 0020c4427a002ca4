import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PeerId } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import type { CID } from "multiformats/cid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { WaymarkClientEvents } from "../../../client/events.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { mailService } from "../../../node/mail/index.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";
import { expectRejectsNamed } from "../../helpers/errors.js";

/** The provider store every kad-dht instance keeps (not part of its typed interface). */
interface ProviderStore {
  providers: { addProvider(key: CID, provider: PeerId): Promise<void> };
}

describe("impersonation", () => {
  let network: TestNetwork;
  let rogue: Libp2p | undefined;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await rogue?.stop();
    rogue = undefined;
    await network.stop();
  });

  it("a peer announcing a registered node's peer id without its key fails the handshake and is never selected", async () => {
    const provider = await network.addProvider();
    const honest = await network.startNode({ providerId: provider });
    // The victim is registered and trusted, but offline; its peer id is public.
    const victimKey = await generateKeyPair("secp256k1");
    const victimId = peerIdFromPrivateKey(victimKey);
    const victim = {
      key: victimKey,
      peerId: victimId.toString(),
      node: nodeWallet(victimKey).address,
    } as TestNode;
    await network.register(victim, provider);

    // The rogue is a DHT server with a mail service of its own that tells the DHT the victim's
    // peer id is reached at the rogue's address.
    rogue = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      services: { mail: mailService({ catchUpWaitMs: 0 }) },
    });
    const rogueAddress = rogue.getMultiaddrs()[0]!.toString().split("/p2p/")[0];
    await (rogue.services.dht as ProviderStore).providers.addProvider(network.serviceKey, victimId);
    await rogue.peerStore.merge(victimId, { multiaddrs: [multiaddr(rogueAddress)] });
    await rogue.dial(network.seed.getMultiaddrs());

    const client = await network.createClient({
      bootstrap: [network.seedAddress, rogue.getMultiaddrs()[0]!.toString()],
    });
    const failures: WaymarkClientEvents["server:failed"][] = [];
    client.addEventListener("server:failed", (event) => failures.push(event.detail));

    const candidates = await client.verify(await client.discover());
    const claimed = candidates.find((candidate) => candidate.peerId === victim.peerId);
    expect(claimed?.multiaddrs).toEqual([`${rogueAddress}/p2p/${victim.peerId}`]);
    // The registry vouches for the peer id; only the handshake can tell who holds its key.
    expect(claimed?.verdict).toBe("Trusted");

    const chosen = new Set<string>();
    for (let i = 0; i < 10; i++) chosen.add((await client.select({ reselect: true })).server.peerId);
    expect([...chosen]).toEqual([honest.peerId]);
    const refused = failures.find((failure) => failure.server.peerId === victim.peerId);
    expect(refused).toBeDefined();
    expect(client.pool.greyList.has(victim.peerId)).toBe(true);

    // Dialled directly, the rogue's address under the victim's peer id fails in the handshake,
    // and the rogue cannot take a push in the victim's name.
    const direct = await client.host.dial(multiaddr(`${rogueAddress}/p2p/${victim.peerId}`)).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(direct).toBeInstanceOf(Error);
    await expectRejectsNamed(
      pushEnvelope(client.host, [multiaddr(`${rogueAddress}/p2p/${victim.peerId}`)], {
        topic: "/x",
        payload: new Uint8Array(4),
      }),
      "MailUnreachableError",
    );
    const asVictim = client.host.getConnections(victimId);
    expect(asVictim).toEqual([]);
    console.log(
      `impersonation: the candidate claiming ${victim.peerId.slice(0, 12)}… at the rogue's address was verified Trusted by the registry, ` +
        `then failed with ${refused?.error.name} (${refused?.error.message.split("\n")[0]}); a direct dial failed with ${direct?.name}; ` +
        `10 selections chose only the honest node`,
    );
  });
});
