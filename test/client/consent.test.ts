import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  consentMessage,
  parseConsent,
  serializeConsent,
  signNodeConsent,
} from "../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { registryCall } from "../../client/kernel/registry/decodeError.js";
import { verifyNodes } from "../../client/kernel/registry/verifyNodes.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import { deployRegistry } from "../../scripts/kit/registry.js";
import { expectRejectsNamed } from "../helpers/errors.js";

describe("node consent", () => {
  let chain: Chain;
  let curator: RegistryClient;

  beforeAll(async () => {
    chain = await startChain();
    const address = await deployRegistry(chain);
    curator = await connectRegistry({ rpcUrl: chain.rpcUrl, address, signer: chain.signers[0] });
    await (
      await curator.contract.addProvider(chain.signers[1]!.address, "Alpha Mail", "https://alpha.example")
    ).wait();
    await (await curator.contract.setDefaultProvider(1n, true)).wait();
  });
  afterAll(async () => {
    await chain.close();
  });

  async function signedConsent(overrides: { chainId?: bigint; registry?: string } = {}) {
    const key = await generateKeyPair("secp256k1");
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId: peerIdFromPrivateKey(key).toString(),
      providerId: 1n,
      service: "mail/1",
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
      chainId: overrides.chainId ?? curator.chainId,
      registry: overrides.registry ?? curator.address,
    });
    return parseConsent(serializeConsent(consent));
  }

  it("registers a node from a consent signed with its libp2p key, and the node then verifies", async () => {
    const consent = await signedConsent();
    const provider = await connectRegistry({
      rpcUrl: chain.rpcUrl,
      address: curator.address,
      signer: chain.signers[1],
    });
    await (await provider.contract.registerNode(consentMessage(consent), consent.signature)).wait();

    const [verification] = await verifyNodes(provider, { nodes: [consent.node], service: "mail/1" });
    expect(verification).toMatchObject({ trusted: true, providerId: 1n, verdict: "Trusted" });
  });

  it("decodes a replayed consent into the registry's named error", async () => {
    const consent = await signedConsent();
    const provider = await connectRegistry({
      rpcUrl: chain.rpcUrl,
      address: curator.address,
      signer: chain.signers[1],
    });
    await (await provider.contract.registerNode(consentMessage(consent), consent.signature)).wait();
    await (await provider.contract.retireNode(consent.node)).wait();

    const error = await expectRejectsNamed(
      registryCall(provider.rpcUrl, () =>
        provider.contract.registerNode(consentMessage(consent), consent.signature),
      ),
      "RegistryRevertError",
    );
    expect(error).toMatchObject({ errorName: "RegistryInvalidNonce" });
  });

  it("rejects a consent signed for another chain", async () => {
    const consent = await signedConsent({ chainId: 1n });
    const provider = await connectRegistry({
      rpcUrl: chain.rpcUrl,
      address: curator.address,
      signer: chain.signers[1],
    });
    const error = await expectRejectsNamed(
      registryCall(provider.rpcUrl, () =>
        provider.contract.registerNode(consentMessage(consent), consent.signature),
      ),
      "RegistryRevertError",
    );
    expect(error).toMatchObject({ errorName: "RegistryInvalidSignature" });
  });

  it("refuses a consent whose signature was altered", async () => {
    const consent = await signedConsent();
    const tampered = serializeConsent({ ...consent, providerId: 2n });
    expect(() => parseConsent(tampered)).toThrow(expect.objectContaining({ name: "InvalidConsentError" }));
  });
});
