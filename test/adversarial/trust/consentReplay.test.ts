import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { SignedNodeConsent } from "../../../client/kernel/identity/consent.js";
import {
  consentMessage,
  serializeConsent,
  signNodeConsent,
} from "../../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../../client/kernel/registry/connect.js";
import { getNode, retireNode } from "../../../client/actions/registry/nodes.js";
import { sendRegistryTransaction } from "../../../client/actions/registry/transact.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import { TestNetwork } from "../../client/network.js";
import { devAccount } from "../../../scripts/kit/accounts.js";
import type { Scratch } from "../../cli/env.js";
import { scratch } from "../../cli/env.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { outcomeLine } from "../helpers/outcomeLine.js";

/**
 * Consent replay, end to end through the `waymark` CLI a provider runs, and through the library
 * with the client-side checks bypassed, as an attacker would, so that the registry itself must
 * refuse. The registry's own tests cover each revert in isolation: test/contracts/Registry.nodes.ts
 * ("rejects a consent whose deadline has passed", "… that was already used", "… for another
 * chain id", "… for another registry deployment", "… for another provider …") and the fuzzed
 * properties of contracts/test/RegistryConsent.t.sol.
 */
describe("consent replay, end to end", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  let alpha: bigint;
  let beta: bigint;

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
    alpha = await network.addProvider();
    beta = await network.addProvider();
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  /** Runs `waymark provider register-node <file>` as a provider's owner; returns how it ended (the error line, without a hint). */
  async function registerWithCli(
    providerId: bigint,
    consent: SignedNodeConsent,
  ): Promise<{ code: number | null; line: string }> {
    const file = join(tmp.dir, `${consent.node}-${Date.now()}.json`);
    await writeFile(file, serializeConsent(consent));
    const result = await runCli("waymark", ["provider", "register-node", file], {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: devAccount(network.ownerOf(providerId)).privateKey },
    });
    return {
      code: result.code,
      line: outcomeLine(result),
    };
  }

  /** Sends `registerNode` straight to the contract, skipping the library's own consent checks. */
  async function registerRaw(owner: RegistryClient, consent: SignedNodeConsent): Promise<unknown> {
    return sendRegistryTransaction(owner, "Registering a node", (contract) =>
      contract.registerNode(consentMessage(consent), consent.signature),
    );
  }

  async function sign(
    key: PrivateKey,
    overrides: Partial<SignedNodeConsent> & { providerId: bigint },
  ): Promise<SignedNodeConsent> {
    return signNodeConsent(nodeWallet(key), {
      peerId: peerIdFromPrivateKey(key).toString(),
      service: "mail/1",
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3_600),
      chainId: network.curator.chainId,
      registry: network.registryAddress,
      ...overrides,
    });
  }

  async function revertName(promise: Promise<unknown>): Promise<string> {
    const error = await expectRejectsNamed(promise, "RegistryRevertError");
    return (error as Error & { errorName: string }).errorName;
  }

  it("refuses a consent used once already, after the node was retired", async () => {
    const key = await generateKeyPair("secp256k1");
    const consent = await sign(key, { providerId: alpha });
    expect((await registerWithCli(alpha, consent)).code).toBe(0);
    await retireNode(await network.connectAs(network.ownerOf(alpha)), consent.node);

    const replay = await registerWithCli(alpha, consent);
    console.log(`consent reused: ${replay.line}`);
    expect(replay.code).toBe(1);
    expect(replay.line).toBe(
      `waymark: RegistryRevertError: The registry rejected the call: RegistryInvalidNonce(${consent.node}, 0, 1)`,
    );
    // Replayed by someone else too: another provider's owner cannot use it either.
    expect(await revertName(registerRaw(await network.connectAs(network.ownerOf(beta)), consent))).toBe(
      "RegistryNotProviderManager",
    );
    expect((await getNode(network.curator, consent.node)).status).toBe("Retired");
  });

  it("refuses an expired consent on chain", async () => {
    const key = await generateKeyPair("secp256k1");
    const consent = await sign(key, {
      providerId: alpha,
      deadline: BigInt(Math.floor(Date.now() / 1000) - 60),
    });
    const result = await registerWithCli(alpha, consent);
    console.log(`consent expired: ${result.line}`);
    expect(result.code).toBe(1);
    expect(result.line).toMatch(
      new RegExp(
        `^waymark: RegistryRevertError: The registry rejected the call: RegistrySignatureExpired\\(${consent.deadline}, \\d+\\)$`,
      ),
    );
    expect((await getNode(network.curator, consent.node)).status).toBe("None");
  });

  it("refuses a consent signed for another chain or another registry deployment, in the CLI and on chain", async () => {
    const owner = await network.connectAs(network.ownerOf(alpha));
    const otherChain = await sign(await generateKeyPair("secp256k1"), { providerId: alpha, chainId: 10n });
    const cliChain = await registerWithCli(alpha, otherChain);
    expect(cliChain.code).toBe(1);
    expect(cliChain.line).toMatch(/^waymark: InvalidConsentError: .*on chain 10, not /);
    expect(await revertName(registerRaw(owner, otherChain))).toBe("RegistryInvalidSignature");

    // A second deployment on the same chain, where the same provider exists too.
    const otherAddress = await deployRegistry(network.chain);
    const otherRegistry = await connectRegistry({
      provider: network.chain.provider,
      rpcUrl: network.chain.rpcUrl,
      address: otherAddress,
      signer: network.chain.signers[0],
    });
    await (
      await otherRegistry.contract.addProvider(owner.signer!.getAddress(), "Alpha elsewhere", "")
    ).wait();
    const key = await generateKeyPair("secp256k1");
    const forOther = await sign(key, { providerId: 1n, registry: otherAddress });
    const cliRegistry = await registerWithCli(alpha, forOther);
    expect(cliRegistry.code).toBe(1);
    expect(cliRegistry.line).toMatch(
      new RegExp(`^waymark: InvalidConsentError: .*it is for registry ${otherAddress} on chain`),
    );
    expect(await revertName(registerRaw(owner, { ...forOther, providerId: alpha }))).toBe(
      "RegistryInvalidSignature",
    );
    // It is a valid consent where it was meant to be used.
    const elsewhere = await connectRegistry({
      provider: network.chain.provider,
      rpcUrl: network.chain.rpcUrl,
      address: otherAddress,
      signer: owner.signer,
    });
    await registerRaw(elsewhere, forOther);

    console.log(`consent for another chain: ${cliChain.line}`);
    console.log(`consent for another registry: ${cliRegistry.line}`);
    const [here] = await verifyNodes(network.curator, { nodes: [forOther.node], service: "mail/1" });
    expect(here?.verdict).toBe("NodeUnknown");
  });

  it("refuses a consent for another provider, submitted by that provider's rival or rewritten for it", async () => {
    const key = await generateKeyPair("secp256k1");
    const forAlpha = await sign(key, { providerId: alpha });
    const stolen = await registerWithCli(beta, forAlpha);
    console.log(`consent for another provider: ${stolen.line}`);
    expect(stolen.code).toBe(1);
    expect(stolen.line).toBe(
      `waymark: RegistryRevertError: The registry rejected the call: RegistryNotProviderManager(${alpha}, ${network.chain.signers[network.ownerOf(beta)]!.address})`,
    );
    const rewritten = await registerWithCli(beta, { ...forAlpha, providerId: beta });
    expect(rewritten.code).toBe(1);
    expect(rewritten.line).toMatch(/^waymark: InvalidConsentError: /);
    const betaOwner = await network.connectAs(network.ownerOf(beta));
    expect(await revertName(registerRaw(betaOwner, { ...forAlpha, providerId: beta }))).toBe(
      "RegistryInvalidSignature",
    );
    expect((await getNode(network.curator, forAlpha.node)).status).toBe("None");
  });
});
