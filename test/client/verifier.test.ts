import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { Wallet } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import type { NodeVerifierInit } from "../../client/kernel/registry/verifier.js";
import { NodeVerifier } from "../../client/kernel/registry/verifier.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { CountingProvider } from "../adversarial/helpers/countingProvider.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { SwitchableProxy } from "../node/helpers/proxy.js";
import type { TestNode } from "./network.js";
import { TestNetwork } from "./network.js";

/** Addresses nobody registered: the registry answers `NodeUnknown` for each. */
function strangers(count: number): string[] {
  return Array.from({ length: count }, () => Wallet.createRandom().address);
}

describe("NodeVerifier", () => {
  let network: TestNetwork;
  let proxy: SwitchableProxy;
  let counting: CountingProvider;
  let registry: RegistryClient;
  let registered: string;

  beforeEach(async () => {
    network = await TestNetwork.start();
    const providerId = await network.addProvider();
    const key = await generateKeyPair("secp256k1");
    const node = { key, peerId: peerIdFromPrivateKey(key).toString(), node: nodeWallet(key).address };
    await network.register(node as TestNode, providerId);
    registered = node.node;
    proxy = await SwitchableProxy.reserve(Number(new URL(network.chain.rpcUrl).port));
    await proxy.on();
    const rpcUrl = `http://127.0.0.1:${proxy.port}`;
    counting = new CountingProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    registry = await connectRegistry({ provider: counting, rpcUrl, address: network.registryAddress });
  });
  afterEach(async () => {
    counting.destroy();
    await proxy.off();
    await network.stop();
  });

  const verifier = (init: Partial<NodeVerifierInit> = {}): NodeVerifier =>
    new NodeVerifier(registry, { service: MAIL_SERVICE, ...init });

  it("answers concurrent callers checking one node each with one verifyNodes call", async () => {
    const v = verifier();
    const nodes = [registered, ...strangers(19)];
    const answers = await Promise.all(nodes.map(async (node) => v.verify([node])));
    expect(counting.verifyNodesCalls).toBe(1);
    expect(counting.largestCall).toBe(20);
    expect(answers.map(([answer]) => answer?.node)).toEqual(nodes);
    expect(answers[0]?.[0]).toMatchObject({ trusted: true, verdict: "Trusted", stale: false });
    expect(answers.slice(1).every(([answer]) => answer?.verdict === "NodeUnknown")).toBe(true);
  });

  it("does not ask again about a node whose answer is on its way", async () => {
    const v = verifier();
    const first = v.verify([registered]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = v.verify([registered]);
    const [a, b] = await Promise.all([first, second]);
    expect(counting.verifyNodesCalls).toBe(1);
    expect(a).toEqual(b);
  });

  it("splits a batch past maxNodesPerCall into calls sent together", async () => {
    const v = verifier({ maxNodesPerCall: 4 });
    const nodes = [registered, ...strangers(9)];
    const answers = await v.verify(nodes);
    expect(counting.verifyNodesCalls).toBe(3);
    expect(counting.largestCall).toBe(4);
    expect(answers.map((answer) => answer.node)).toEqual(nodes);
    expect(answers[0]?.trusted).toBe(true);
  });

  it("keeps at most maxEntries answers, dropping the oldest", async () => {
    const v = verifier({ maxEntries: 5 });
    const nodes = strangers(12);
    for (const node of nodes) await v.verify([node]);
    expect(v.size).toBe(5);
    expect(v.peek(nodes[0]!)).toBeUndefined();
    expect(v.peek(nodes[11]!)?.verdict).toBe("NodeUnknown");
  });

  it("drops answers older than the grace time", async () => {
    let now = 1_000_000;
    const v = verifier({ cacheTtlMs: 100, staleGraceMs: 1_000, now: () => now });
    await v.verify(strangers(3));
    expect(v.size).toBe(3);
    now += 999;
    expect(v.peek(registered)).toBeUndefined();
    expect(v.size).toBe(3);
    now += 1;
    await v.verify([registered]);
    expect(v.size).toBe(1);
  });

  it("reuses answers within the grace time while the RPC is down, stale until it answers again", async () => {
    const failures: string[] = [];
    const answersAt: number[] = [];
    const v = verifier({
      cacheTtlMs: 1,
      onFailure: (error) => failures.push(error.name),
      onAnswer: (at) => answersAt.push(at),
    });
    const [fresh] = await v.verify([registered]);
    expect(fresh?.stale).toBe(false);
    expect(answersAt).toHaveLength(1);

    await proxy.off();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [stale] = await v.verify([registered]);
    expect(stale).toMatchObject({ trusted: true, stale: true, verifiedAt: fresh?.verifiedAt });
    expect(v.peek(registered)?.stale).toBe(true);
    expect(v.lastFailureAt).toBeDefined();
    expect(failures).toEqual(["RpcUnreachableError"]);
    // A node without an answer cannot be verified at all.
    await expectRejectsNamed(v.verify([registered, strangers(1)[0]!]), "RpcUnreachableError");
    expect(answersAt).toHaveLength(1);

    await proxy.on();
    const [again] = await v.verify([registered]);
    expect(again?.stale).toBe(false);
    expect(v.lastFailureAt).toBeUndefined();
    expect(v.lastAnswerAt).toBe(answersAt.at(-1));
  });

  it("counts answers held when someone else saw the registry fail as stale, and asks again", async () => {
    const v = verifier({ cacheTtlMs: 60_000 });
    await v.verify([registered]);
    v.markUnavailable();
    expect(v.peek(registered)?.stale).toBe(true);
    const [answer] = await v.verify([registered]);
    expect(answer?.stale).toBe(false);
    expect(counting.verifyNodesCalls).toBe(2);
  });

  it("after invalidate, asks again even while a call is under way", async () => {
    const v = verifier();
    const first = v.verify([registered]);
    await new Promise((resolve) => setImmediate(resolve));
    v.invalidate();
    await Promise.all([first, v.verify([registered])]);
    expect(counting.verifyNodesCalls).toBe(2);
  });
});
