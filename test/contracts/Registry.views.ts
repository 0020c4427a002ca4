import { expect } from "chai";
import { TypedDataEncoder, ZeroAddress, ZeroHash } from "ethers";

import {
  MAIL,
  NODE_CONSENT_TYPES,
  NODE_RETIREMENT_TYPES,
  NodeStatus,
  ProviderStatus,
  consentFor,
  loadFixture,
  nodesFixture,
  providersFixture,
  randomNodeKey,
  registryDomain,
  registryFixture,
  transferredFixture,
} from "./fixtures.js";

describe("Registry views", function () {
  describe("getProvider", function () {
    it("returns every field of a provider", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).transferProviderOwnership(providerId, stranger.address);
      const info = await registry.getProvider(providerId);
      expect(info.id).to.equal(providerId);
      expect(info.owner).to.equal(owner.address);
      expect(info.pendingOwner).to.equal(stranger.address);
      expect(info.status).to.equal(ProviderStatus.Active);
      expect(info.isDefault).to.equal(false);
      expect(info.nodeCount).to.equal(0n);
      expect(info.name).to.equal("Alpha Mail");
      expect(info.metadataURI).to.equal("https://alpha.example/waymark");
    });

    it("rejects id 0", async function () {
      const { registry } = await loadFixture(providersFixture);
      await expect(registry.getProvider(0n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(0n);
    });

    it("rejects an id beyond providerCount", async function () {
      const { registry } = await loadFixture(providersFixture);
      await expect(registry.getProvider(4n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(4n);
    });
  });

  describe("getNode", function () {
    it("returns every field of a node", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      const info = await registry.getNode(nodes[1].address);
      expect(info.node).to.equal(nodes[1].address);
      expect(info.providerId).to.equal(providerId);
      expect(info.status).to.equal(NodeStatus.Active);
      expect(info.service).to.equal(MAIL);
      expect(info.nonce).to.equal(1n);
      expect(info.registeredAt).to.be.greaterThan(0n);
    });

    it("returns zeros and status None for an unknown node", async function () {
      const { registry } = await loadFixture(nodesFixture);
      const info = await registry.getNode(randomNodeKey().address);
      expect(info.node).to.equal(ZeroAddress);
      expect(info.providerId).to.equal(0n);
      expect(info.status).to.equal(NodeStatus.None);
      expect(info.service).to.equal(ZeroHash);
      expect(info.nonce).to.equal(0n);
      expect(info.registeredAt).to.equal(0n);
    });

    it("keeps a retired node's provider and nonce", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireNode(nodes[0].address);
      const info = await registry.getNode(nodes[0].address);
      expect(info.node).to.equal(nodes[0].address);
      expect(info.status).to.equal(NodeStatus.Retired);
      expect(info.providerId).to.equal(providerId);
      expect(info.nonce).to.equal(1n);
    });
  });

  describe("providerCount", function () {
    it("counts every provider ever assigned, whatever its status", async function () {
      const { registry, owner, curator, providerId, pendingProviderId } = await loadFixture(providersFixture);
      await registry.connect(owner).retireProvider(providerId);
      await registry.connect(curator).rejectProvider(pendingProviderId, 0);
      expect(await registry.providerCount()).to.equal(3n);
    });

    it("is zero for a fresh registry", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.providerCount()).to.equal(0n);
    });
  });

  describe("isProviderOperator", function () {
    it("answers true for an operator", async function () {
      const { registry, operator, providerId } = await loadFixture(providersFixture);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(true);
    });

    it("answers false for the owner, who is not an operator", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      expect(await registry.isProviderOperator(providerId, owner.address)).to.equal(false);
    });

    it("answers false for an operator of another provider", async function () {
      const { registry, operator, otherProviderId } = await loadFixture(providersFixture);
      expect(await registry.isProviderOperator(otherProviderId, operator.address)).to.equal(false);
    });

    it("answers false for an unknown provider", async function () {
      const { registry, operator } = await loadFixture(providersFixture);
      expect(await registry.isProviderOperator(99n, operator.address)).to.equal(false);
    });

    it("answers false for an operator of the provider's previous owner", async function () {
      const { registry, operator, providerId } = await loadFixture(transferredFixture);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(false);
    });
  });

  describe("hashNodeConsent", function () {
    it("returns the EIP-712 digest that node keys sign", async function () {
      const { registry, providerId } = await loadFixture(providersFixture);
      const consent = await consentFor(registry, randomNodeKey(), providerId);
      const expected = TypedDataEncoder.hash(await registryDomain(registry), NODE_CONSENT_TYPES, consent);
      expect(await registry.hashNodeConsent(consent)).to.equal(expected);
    });
  });

  describe("hashNodeRetirement", function () {
    it("returns the EIP-712 digest that node keys sign", async function () {
      const { registry } = await loadFixture(providersFixture);
      const retirement = { node: randomNodeKey().address, nonce: 3n, deadline: 1_900_000_000n };
      const expected = TypedDataEncoder.hash(
        await registryDomain(registry),
        NODE_RETIREMENT_TYPES,
        retirement,
      );
      expect(
        await registry.hashNodeRetirement(retirement.node, retirement.nonce, retirement.deadline),
      ).to.equal(expected);
    });
  });
});
