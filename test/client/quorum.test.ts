import { generateKeyPair } from "@libp2p/crypto/keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { suspendNode } from "../../client/actions/registry/curation.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { NodeVerifier } from "../../client/kernel/registry/verifier.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { QuorumMember } from "../../client/verification/quorum.js";
import { verifyQuorum } from "../../client/verification/quorum.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import { RegistryWorld } from "../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { TcpProxy } from "../helpers/tcpProxy.js";

describe("a quorum of registries", () => {
  let chain: Chain;
  /** Three deployments, each with its own curator's default provider. */
  const worlds: RegistryWorld[] = [];
  const connections: RegistryClient[] = [];
  let proxy: TcpProxy;

  beforeAll(async () => {
    chain = await startChain();
    for (let i = 0; i < 3; i++) {
      const world = await RegistryWorld.deploy(chain);
      await world.addProvider({ name: `Curated ${i + 1}` });
      worlds.push(world);
    }
    proxy = await TcpProxy.start(Number(new URL(chain.rpcUrl).port));
  });
  afterAll(async () => {
    for (const connection of connections.splice(0)) connection.provider.destroy();
    await proxy.stop();
    await chain.close();
  });

  /** A node registered under the default provider of each registry. */
  async function nodeInAll(): Promise<string> {
    const key = await generateKeyPair("secp256k1");
    for (const world of worlds) await world.registerNode(key, { providerId: 1n });
    return nodeWallet(key).address;
  }

  /** One member per registry; the third reaches its chain through the proxy. */
  async function members(init: { staleGraceMs?: number } = {}): Promise<QuorumMember[]> {
    return Promise.all(
      worlds.map(async (world, index) => {
        const rpcUrl = index === 2 ? `http://127.0.0.1:${proxy.port}` : chain.rpcUrl;
        const connection = await connectRegistry({ rpcUrl, address: world.address, requestTimeoutMs: 2_000 });
        connections.push(connection);
        return {
          label: `registry ${index + 1}`,
          verifier: new NodeVerifier(connection, { service: MAIL_SERVICE, cacheTtlMs: 1, ...init }),
        };
      }),
    );
  }

  it("keeps a node two of three registries vouch for, and drops it when a second suspends it", async () => {
    const node = await nodeInAll();
    const quorum = await members();

    const [all] = await verifyQuorum(quorum, { nodes: [node], quorum: 2 });
    expect(all).toMatchObject({ trusted: true, vouching: 3, quorum: 2 });

    await suspendNode(worlds[0]!.curator, node, 0);
    const [one] = await verifyQuorum(quorum, { nodes: [node], quorum: 2 });
    expect(one).toMatchObject({ trusted: true, vouching: 2 });
    expect(one?.verdicts.map((verdict) => verdict.verdict)).toEqual(["NodeSuspended", "Trusted", "Trusted"]);

    await suspendNode(worlds[1]!.curator, node, 0);
    const [two] = await verifyQuorum(quorum, { nodes: [node], quorum: 2 });
    expect(two).toMatchObject({ trusted: false, vouching: 1 });
    expect(two?.verdicts.map((verdict) => verdict.vouches)).toEqual([false, false, true]);
    console.log(
      `quorum 2 of 3: ${all?.vouching} vouch → trusted; 1 suspends → ${one?.vouching} vouch, trusted; 2 suspend → ${two?.vouching} vouches, dropped`,
    );
  });

  it("counts a registry whose RPC is down as not vouching, and says why", async () => {
    const node = await nodeInAll();
    const quorum = await members({ staleGraceMs: 1 });
    expect((await verifyQuorum(quorum, { nodes: [node], quorum: 3 }))[0]?.trusted).toBe(true);

    proxy.cut();
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const [down] = await verifyQuorum(quorum, { nodes: [node], quorum: 3 });
      expect(down).toMatchObject({ trusted: false, vouching: 2 });
      expect(down?.verdicts[2]).toMatchObject({
        registry: "registry 3",
        vouches: false,
        verdict: "Unreachable",
      });
      expect(down?.verdicts[2]?.error?.name).toBe("RpcUnreachableError");
      const [twoOfThree] = await verifyQuorum(quorum, { nodes: [node], quorum: 2 });
      expect(twoOfThree?.trusted).toBe(true);
      console.log(
        `RPC down: registry 3 ${down?.verdicts[2]?.verdict} (${down?.verdicts[2]?.error?.name}); 3 of 3 → dropped, 2 of 3 → trusted`,
      );
    } finally {
      proxy.restore();
    }
  });

  it("refuses a quorum larger than the registries it counts", async () => {
    const quorum = await members();
    await expectRejectsNamed(verifyQuorum(quorum, { nodes: [], quorum: 4 }), "ConfigurationError");
    await expectRejectsNamed(verifyQuorum(quorum, { nodes: [], quorum: 0 }), "ConfigurationError");
  });
});
