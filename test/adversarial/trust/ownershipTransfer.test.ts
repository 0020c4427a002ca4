import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { serializeConsent, signNodeConsent } from "../../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { getBootstrapRecords } from "../../../client/kernel/registry/bootstrap.js";
import { getNode } from "../../../client/actions/registry/nodes.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import { TestNetwork } from "../../client/network.js";
import { devAccount } from "../../../scripts/kit/accounts.js";
import type { Scratch } from "../../cli/env.js";
import { scratch } from "../../cli/env.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { outcomeLine } from "../helpers/outcomeLine.js";

/** Funded accounts of the test chain, by their part in the sale (the seller owns the provider). */
const SELLER_OPERATOR = 8;
const BUYER = 9;
const BUYER_OPERATOR = 10;

/**
 * A provider sold with a back door, end to end through the `waymark` CLI: before handing the
 * provider over, the seller appoints another key of its own as operator; the buyer accepts. That key
 * must then be refused every operator action with the registry's named error, while the operators
 * the buyer appoints work. The registry's own tests cover each function in isolation
 * (test/contracts/Registry.ownership.ts and the fuzzed contracts/test/RegistryOwnership.t.sol).
 */
describe("provider ownership transfer, end to end", () => {
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

  /** Runs `waymark` signing as one of the chain's accounts; returns the exit code and last line. */
  async function as(account: number, args: string[]): Promise<{ code: number | null; line: string }> {
    const result = await runCli("waymark", args, {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: devAccount(account).privateKey },
    });
    return {
      code: result.code,
      line: outcomeLine(result),
    };
  }

  async function succeeds(account: number, args: string[]): Promise<void> {
    const result = await as(account, args);
    expect(result.code, result.line).toBe(0);
  }

  function rejected(errorName: string, ...args: unknown[]): string {
    return `waymark: RegistryRevertError: The registry rejected the call: ${errorName}(${args.map(String).join(", ")})`;
  }

  function address(account: number): string {
    return network.chain.signers[account]!.address;
  }

  it("refuses the seller's operator after the buyer accepts, and keeps the buyer's operators working", async () => {
    const provider = await network.addProvider();
    const seller = network.ownerOf(provider);
    const sold = await network.startNode({ providerId: provider });

    // The seller plants a key of its own as operator, then hands the provider over.
    await succeeds(seller, ["provider", "operator", String(provider), address(SELLER_OPERATOR)]);
    await succeeds(seller, ["provider", "transfer", String(provider), address(BUYER)]);
    await succeeds(BUYER, ["provider", "accept", String(provider)]);
    await succeeds(BUYER, ["provider", "operator", String(provider), address(BUYER_OPERATOR)]);

    const key = await generateKeyPair("secp256k1");
    const peerId = peerIdFromPrivateKey(key).toString();
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId,
      providerId: provider,
      service: "mail/1",
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3_600),
      chainId: network.curator.chainId,
      registry: network.registryAddress,
    });
    const file = join(tmp.dir, "consent.json");
    await writeFile(file, serializeConsent(consent));
    const planted = `/ip4/198.51.100.9/tcp/4001/p2p/${sold.peerId}`;

    const attempts: [string[], string, unknown][] = [
      [["provider", "register-node", file], "RegistryNotProviderManager", provider],
      [["provider", "retire-node", sold.node], "RegistryNotNodeManager", sold.node],
      [["provider", "set-bootstrap", sold.node, planted], "RegistryNotNodeManager", sold.node],
    ];
    const refused: string[] = [];
    for (const [args, errorName, target] of attempts) {
      const result = await as(SELLER_OPERATOR, args);
      expect(result.code, result.line).toBe(1);
      expect(result.line).toBe(rejected(errorName, target, address(SELLER_OPERATOR)));
      refused.push(`${args[1]} -> ${errorName}`);
    }
    const reappoint = await as(seller, ["provider", "operator", String(provider), address(SELLER_OPERATOR)]);
    expect(reappoint.code).toBe(1);
    expect(reappoint.line).toBe(rejected("RegistryNotProviderOwner", provider, address(seller)));
    expect((await getNode(network.curator, sold.node)).status).toBe("Active");
    expect(await getBootstrapRecords(network.curator, { service: "mail/1" })).toEqual([]);
    const shown = await runCli("waymark", ["provider", "show", String(provider), "--json"], { env: tmp.env });
    expect(shown.code, shown.stderr).toBe(0);
    const { operators } = JSON.parse(shown.stdout) as { operators: string[] };
    expect(operators).toEqual([address(BUYER_OPERATOR)]);

    // The buyer's own operator does all three.
    const bootstrap = `/ip4/127.0.0.1/tcp/4001/p2p/${sold.peerId}`;
    await succeeds(BUYER_OPERATOR, ["provider", "register-node", file]);
    await succeeds(BUYER_OPERATOR, ["provider", "set-bootstrap", sold.node, bootstrap]);
    expect(
      (await getBootstrapRecords(network.curator, { service: "mail/1" })).map((record) => record.multiaddrs),
    ).toEqual([[bootstrap]]);
    await succeeds(BUYER_OPERATOR, ["provider", "retire-node", sold.node]);
    const [registered, retired] = await verifyNodes(network.curator, {
      nodes: [consent.node, sold.node],
      service: "mail/1",
    });
    expect(registered?.verdict).toBe("Trusted");
    expect(retired?.verdict).toBe("NodeRetired");

    console.log(
      `seller's operator after the sale: ${refused.length} of ${attempts.length} refused (${refused.join(", ")}); ` +
        `the seller re-appointing it -> RegistryNotProviderOwner; the buyer's operator: register-node, ` +
        `set-bootstrap, retire-node succeeded; operators listed: ${operators.length} (the buyer's)`,
    );
  });
});
