import { expect } from "chai";
import { ZeroAddress, ZeroHash, verifyTypedData } from "ethers";

import {
  MAIL,
  NODE_CONSENT_TYPES,
  NodeStatus,
  ProviderStatus,
  RELAY,
  consentFor,
  deployRegistry,
  loadFixture,
  nodesFixture,
  providersFixture,
  randomNodeKey,
  registryDomain,
  signConsent,
  time,
  transferredFixture,
} from "./fixtures.js";

describe("Registry node registration", function () {
  describe("registerNode", function () {
    it("registers a node with the consent of its key, sent by the provider's owner", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent));

      const info = await registry.getNode(key.address);
      expect(info.node).to.equal(key.address);
      expect(info.providerId).to.equal(providerId);
      expect(info.status).to.equal(NodeStatus.Active);
      expect(info.service).to.equal(MAIL);
      expect(info.nonce).to.equal(1n);
      expect(info.registeredAt).to.equal(BigInt(await time.latest()));
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(1n);
    });

    it("emits NodeRegistered with the consumed nonce", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId, { service: RELAY });
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.emit(registry, "NodeRegistered")
        .withArgs(key.address, providerId, RELAY, 0n);
    });

    it("registers a node sent by an operator of the provider", async function () {
      const { registry, operator, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(operator).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.emit(registry, "NodeRegistered")
        .withArgs(key.address, providerId, MAIL, 0n);
    });

    it("re-registers a retired node under another provider with a fresh consent", async function () {
      const { registry, otherOwner, nodes, providerId, otherProviderId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await registry.connect(key).retireNode(key.address);
      const consent = await consentFor(registry, key, otherProviderId);
      expect(consent.nonce).to.equal(1n);
      await expect(
        registry.connect(otherOwner).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.emit(registry, "NodeRegistered")
        .withArgs(key.address, otherProviderId, MAIL, 1n);
      const info = await registry.getNode(key.address);
      expect(info.providerId).to.equal(otherProviderId);
      expect(info.status).to.equal(NodeStatus.Active);
      expect(info.nonce).to.equal(2n);
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(2n);
    });

    it("accepts a consent in the block of its deadline", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const signature = await signConsent(registry, key, consent);
      await time.setNextBlockTimestamp(consent.deadline);
      await expect(registry.connect(owner).registerNode(consent, signature)).to.emit(
        registry,
        "NodeRegistered",
      );
    });

    it("rejects a consent whose deadline has passed", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const signature = await signConsent(registry, key, consent);
      await time.setNextBlockTimestamp(consent.deadline + 1n);
      await expect(registry.connect(owner).registerNode(consent, signature))
        .to.be.revertedWithCustomError(registry, "RegistrySignatureExpired")
        .withArgs(consent.deadline, consent.deadline + 1n);
    });

    it("rejects a consent that was already used", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const signature = await signConsent(registry, key, consent);
      await registry.connect(owner).registerNode(consent, signature);
      await registry.connect(owner).retireNode(key.address);
      await expect(registry.connect(owner).registerNode(consent, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidNonce")
        .withArgs(key.address, 0n, 1n);
    });

    it("rejects a consent signed ahead of the node's nonce", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId, { nonce: 5n });
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidNonce")
        .withArgs(key.address, 5n, 0n);
    });

    it("rejects a consent signed by another key", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const impostor = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(owner).registerNode(consent, await signConsent(registry, impostor, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, impostor.address);
    });

    it("rejects a consent for another provider submitted by a different provider", async function () {
      const { registry, otherOwner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(otherOwner).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderManager")
        .withArgs(providerId, otherOwner.address);
    });

    it("rejects a consent for another provider rewritten to a different provider", async function () {
      const { registry, otherOwner, providerId, otherProviderId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const signature = await signConsent(registry, key, consent);
      const rewritten = { ...consent, providerId: otherProviderId };
      const signer = verifyTypedData(
        await registryDomain(registry),
        NODE_CONSENT_TYPES,
        rewritten,
        signature,
      );
      await expect(registry.connect(otherOwner).registerNode(rewritten, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects a consent for another service", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId, { service: RELAY });
      const signature = await signConsent(registry, key, consent);
      const rewritten = { ...consent, service: MAIL };
      const signer = verifyTypedData(
        await registryDomain(registry),
        NODE_CONSENT_TYPES,
        rewritten,
        signature,
      );
      await expect(registry.connect(owner).registerNode(rewritten, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects a consent signed for another chain id", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const domain = await registryDomain(registry);
      const signature = await signConsent(registry, key, consent, { chainId: 1n });
      const signer = verifyTypedData(domain, NODE_CONSENT_TYPES, consent, signature);
      expect(signer).not.to.equal(key.address);
      await expect(registry.connect(owner).registerNode(consent, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects a consent signed for another registry deployment", async function () {
      const { registry, admin, curator, owner, providerId } = await loadFixture(providersFixture);
      const elsewhere = await deployRegistry(admin, [curator]);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      const signature = await signConsent(elsewhere, key, consent);
      const signer = verifyTypedData(await registryDomain(registry), NODE_CONSENT_TYPES, consent, signature);
      expect(signer).not.to.equal(key.address);
      await expect(registry.connect(owner).registerNode(consent, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects a signature that is not 65 bytes", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(registry.connect(owner).registerNode(consent, "0x"))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, ZeroAddress);
    });

    it("rejects a node that is already registered", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      const consent = await consentFor(registry, key, providerId);
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.be.revertedWithCustomError(registry, "RegistryNodeAlreadyRegistered")
        .withArgs(key.address, providerId);
    });

    it("rejects a node already registered under another provider", async function () {
      const { registry, owner, otherNode, providerId, otherProviderId } = await loadFixture(nodesFixture);
      const consent = await consentFor(registry, otherNode, providerId);
      await expect(
        registry.connect(owner).registerNode(consent, await signConsent(registry, otherNode, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNodeAlreadyRegistered")
        .withArgs(otherNode.address, otherProviderId);
    });

    it("rejects a suspended node", async function () {
      const { registry, curator, otherOwner, nodes, providerId, otherProviderId } =
        await loadFixture(nodesFixture);
      const [key] = nodes;
      await registry.connect(curator).suspendNode(key.address, 0);
      const consent = await consentFor(registry, key, otherProviderId);
      await expect(
        registry.connect(otherOwner).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNodeAlreadyRegistered")
        .withArgs(key.address, providerId);
    });

    it("rejects a pending provider", async function () {
      const { registry, applicant, pendingProviderId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, pendingProviderId);
      await expect(
        registry.connect(applicant).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(pendingProviderId, ProviderStatus.Pending);
    });

    it("rejects a suspended provider", async function () {
      const { registry, curator, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(curator).suspendProvider(providerId, 0);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Suspended);
    });

    it("rejects a retired provider", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).retireProvider(providerId);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Retired);
    });

    it("rejects an unknown provider", async function () {
      const { registry, owner } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, 77n);
      await expect(registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(77n);
    });

    it("rejects an account that is neither owner nor operator", async function () {
      const { registry, stranger, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(stranger).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderManager")
        .withArgs(providerId, stranger.address);
    });

    it("rejects an operator who was removed", async function () {
      const { registry, owner, operator, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).setProviderOperator(providerId, operator.address, false);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(operator).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderManager")
        .withArgs(providerId, operator.address);
    });

    it("rejects an operator of the provider's previous owner", async function () {
      const { registry, operator, providerId } = await loadFixture(transferredFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(operator).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderManager")
        .withArgs(providerId, operator.address);
    });

    it("registers a node sent by an operator the new owner appointed", async function () {
      const { registry, stranger, applicant, providerId } = await loadFixture(transferredFixture);
      await registry.connect(stranger).setProviderOperator(providerId, applicant.address, true);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId);
      await expect(
        registry.connect(applicant).registerNode(consent, await signConsent(registry, key, consent)),
      )
        .to.emit(registry, "NodeRegistered")
        .withArgs(key.address, providerId, MAIL, 0n);
    });

    it("rejects a zero service", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, key, providerId, { service: ZeroHash });
      await expect(
        registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroService");
    });

    it("rejects a zero node", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      const key = randomNodeKey();
      const consent = await consentFor(registry, ZeroAddress, providerId);
      await expect(
        registry.connect(owner).registerNode(consent, await signConsent(registry, key, consent)),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });
  });
});
