import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { parseEther } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { serializeConsent, signNodeConsent } from "../../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { setProviderOperator } from "../../../client/actions/registry/providerAdmin.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";
import type { Scratch } from "../../cli/env.js";
import { devAccount } from "../../../scripts/kit/accounts.js";
import { scratch } from "../../cli/env.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { outcomeLine } from "../helpers/outcomeLine.js";

/**
 * Accounts acting beyond their role, end to end through the `waymark` CLI: each attempt exits 1
 * with the registry's named error and its arguments, changes nothing, and the client still
 * selects the nodes that were targeted. The registry's tests check every function's access rules
 * (test/contracts/Registry.curation.ts, Registry.nodes.ts, Registry.retirement.ts and the fuzzed
 * contracts/test/RegistryCuratorAccess.t.sol).
 */
describe("roles, end to end", () => {
  let network: TestNetwork;
  let tmp: Scratch;

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  /** Runs `waymark` signing with a private key; returns the exit code and the last stderr line. */
  async function as(privateKey: string, args: string[]): Promise<{ code: number | null; line: string }> {
    const result = await runCli("waymark", args, { env: { ...tmp.env, WAYMARK_PRIVATE_KEY: privateKey } });
    return {
      code: result.code,
      line: outcomeLine(result),
    };
  }

  function rejected(errorName: string, ...args: unknown[]): string {
    return `waymark: RegistryRevertError: The registry rejected the call: ${errorName}(${args.map(String).join(", ")})`;
  }

  async function stillTrusted(nodes: readonly TestNode[]): Promise<void> {
    const answers = await verifyNodes(network.curator, {
      nodes: nodes.map((node) => node.node),
      service: "mail/1",
    });
    expect(answers.map((answer) => answer.verdict)).toEqual(nodes.map(() => "Trusted"));
    const client = await network.createClient();
    const chosen = new Set<string>();
    for (let i = 0; i < 12; i++) chosen.add((await client.select({ reselect: true })).server.peerId);
    expect([...chosen].every((peerId) => nodes.some((node) => node.peerId === peerId))).toBe(true);
  }

  it("refuses curator actions from an account that is not a curator", async () => {
    const provider = await network.addProvider();
    const node = await network.startNode({ providerId: provider });
    const stranger = network.chain.signers[7]!.address;
    const role = await network.curator.contract.CURATOR_ROLE();
    const attempts = [
      ["curator", "add-provider", stranger, "Self-appointed Mail"],
      ["curator", "suspend", String(provider)],
      ["curator", "set-default", String(provider), "--off"],
      ["curator", "suspend-node", node.node],
    ];
    for (const args of attempts) {
      const result = await as(devAccount(7).privateKey, args);
      console.log(`non-curator: waymark ${args.slice(0, 2).join(" ")} -> ${result.line}`);
      expect(result.code).toBe(1);
      expect(result.line).toBe(rejected("AccessControlUnauthorizedAccount", stranger, role));
    }
    const grant = await as(devAccount(7).privateKey, ["curator", "grant", stranger]);
    expect(grant.code).toBe(1);
    expect(grant.line).toMatch(/AccessControlUnauthorizedAccount\(/);
    expect(await network.curator.contract.hasRole(role, stranger)).toBe(false);
    await stillTrusted([node]);
  });

  it("refuses a provider's operator acting for another provider, or as its owner", async () => {
    const alpha = await network.addProvider();
    const beta = await network.addProvider();
    const betaNode = await network.startNode({ providerId: beta });
    const operator = network.chain.signers[8]!.address;
    await setProviderOperator(await network.connectAs(network.ownerOf(alpha)), alpha, operator, true);

    const key = await generateKeyPair("secp256k1");
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId: peerIdFromPrivateKey(key).toString(),
      providerId: beta,
      service: "mail/1",
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3_600),
      chainId: network.curator.chainId,
      registry: network.registryAddress,
    });
    const file = join(tmp.dir, "consent-for-beta.json");
    await writeFile(file, serializeConsent(consent));

    const cases: [string[], string][] = [
      [["provider", "register-node", file], rejected("RegistryNotProviderManager", beta, operator)],
      [
        ["provider", "retire-node", betaNode.node],
        rejected("RegistryNotNodeManager", betaNode.node, operator),
      ],
      [
        ["provider", "set-bootstrap", betaNode.node, `/ip4/127.0.0.1/tcp/1/p2p/${betaNode.peerId}`],
        rejected("RegistryNotNodeManager", betaNode.node, operator),
      ],
      [
        ["provider", "update", String(beta), "--name", "Hijacked"],
        rejected("RegistryNotProviderOwner", beta, operator),
      ],
      [
        ["provider", "operator", String(alpha), network.chain.signers[9]!.address],
        rejected("RegistryNotProviderOwner", alpha, operator),
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await as(devAccount(8).privateKey, args);
      console.log(`operator of ${alpha}: waymark ${args.slice(0, 2).join(" ")} -> ${result.line}`);
      expect(result.code).toBe(1);
      expect(result.line).toBe(expected);
    }
    await stillTrusted([betaNode]);
  });

  it("refuses a node key retiring another node", async () => {
    const provider = await network.addProvider();
    const victim = await network.startNode({ providerId: provider });
    const attacker = await network.startNode({ providerId: provider });
    const attackerWallet = nodeWallet(attacker.key);
    await (
      await network.chain.signers[0]!.sendTransaction({ to: attackerWallet.address, value: parseEther("1") })
    ).wait();

    const retire = await as(attackerWallet.privateKey, ["provider", "retire-node", victim.node]);
    console.log(`node key: waymark provider retire-node <another node> -> ${retire.line}`);
    expect(retire.code).toBe(1);
    expect(retire.line).toBe(rejected("RegistryNotNodeManager", victim.node, attacker.node));
    // Pointing the victim's record at the attacker is refused before anything is sent; publishing
    // the victim's own address (which passes that check) is refused by the registry.
    const redirect = await as(attackerWallet.privateKey, [
      "provider",
      "set-bootstrap",
      victim.node,
      attacker.multiaddr,
    ]);
    expect(redirect.code).toBe(1);
    expect(redirect.line).toMatch(/^waymark: InvalidMultiaddrError: .* not node 0x[0-9a-fA-F]{40}'s$/);
    const bootstrap = await as(attackerWallet.privateKey, [
      "provider",
      "set-bootstrap",
      victim.node,
      victim.multiaddr,
    ]);
    expect(bootstrap.code).toBe(1);
    expect(bootstrap.line).toBe(rejected("RegistryNotNodeManager", victim.node, attacker.node));
    await stillTrusted([victim, attacker]);

    // The same key may retire its own node: the refusals above are about whose node it is.
    const own = await as(attackerWallet.privateKey, ["provider", "retire-node", attacker.node]);
    expect(own.code, own.line).toBe(0);
  });
});
