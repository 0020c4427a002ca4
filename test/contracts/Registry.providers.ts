import { expect } from "chai";

import {
  ProviderStatus,
  loadFixture,
  nodesFixture,
  providersFixture,
  registryFixture,
  time,
  type NodesFixture,
} from "./fixtures.js";

const NAME_64 = "n".repeat(64);
const URI_256 = "u".repeat(256);

/** Provider 1 is the default provider and has nodes. */
async function defaultProviderFixture(): Promise<NodesFixture> {
  const base = await nodesFixture();
  await base.registry.connect(base.curator).setDefaultProvider(base.providerId, true);
  return base;
}

describe("Registry providers", function () {
  describe("applyAsProvider", function () {
    it("records a pending provider owned by the caller", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await registry.connect(applicant).applyAsProvider("Gamma Mail", "ipfs://gamma");
      const info = await registry.getProvider(1n);
      expect(info.id).to.equal(1n);
      expect(info.owner).to.equal(applicant.address);
      expect(info.status).to.equal(ProviderStatus.Pending);
      expect(info.isDefault).to.equal(false);
      expect(info.nodeCount).to.equal(0n);
      expect(info.createdAt).to.equal(BigInt(await time.latest()));
      expect(info.name).to.equal("Gamma Mail");
      expect(info.metadataURI).to.equal("ipfs://gamma");
    });

    it("emits ProviderApplied with the new id", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await expect(registry.connect(applicant).applyAsProvider("Gamma Mail", "ipfs://gamma"))
        .to.emit(registry, "ProviderApplied")
        .withArgs(1n, applicant.address, "Gamma Mail", "ipfs://gamma");
    });

    it("assigns ids sequentially from 1", async function () {
      const { registry, applicant, stranger } = await loadFixture(registryFixture);
      expect(await registry.connect(applicant).applyAsProvider.staticCall("A", "")).to.equal(1n);
      await registry.connect(applicant).applyAsProvider("A", "");
      expect(await registry.connect(stranger).applyAsProvider.staticCall("B", "")).to.equal(2n);
      await registry.connect(stranger).applyAsProvider("B", "");
      expect(await registry.providerCount()).to.equal(2n);
    });

    it("accepts a name of MAX_NAME_LENGTH bytes and a URI of MAX_URI_LENGTH bytes", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await expect(registry.connect(applicant).applyAsProvider(NAME_64, URI_256)).to.emit(
        registry,
        "ProviderApplied",
      );
    });

    it("rejects an empty name", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await expect(registry.connect(applicant).applyAsProvider("", ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidName")
        .withArgs(0n);
    });

    it("rejects a name longer than MAX_NAME_LENGTH bytes", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await expect(registry.connect(applicant).applyAsProvider(NAME_64 + "n", ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidName")
        .withArgs(65n);
    });

    it("measures the name in bytes, not characters", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      // 33 two-byte characters.
      await expect(registry.connect(applicant).applyAsProvider("é".repeat(33), ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidName")
        .withArgs(66n);
    });

    it("rejects a metadata URI longer than MAX_URI_LENGTH bytes", async function () {
      const { registry, applicant } = await loadFixture(registryFixture);
      await expect(registry.connect(applicant).applyAsProvider("Gamma", URI_256 + "u"))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataURI")
        .withArgs(257n);
    });
  });

  describe("updateProviderMetadata", function () {
    it("replaces the name and metadata URI", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).updateProviderMetadata(providerId, "Alpha", "https://alpha.example/v2");
      const info = await registry.getProvider(providerId);
      expect(info.name).to.equal("Alpha");
      expect(info.metadataURI).to.equal("https://alpha.example/v2");
    });

    it("emits ProviderMetadataUpdated", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).updateProviderMetadata(providerId, "Alpha", ""))
        .to.emit(registry, "ProviderMetadataUpdated")
        .withArgs(providerId, "Alpha", "");
    });

    it("lets a pending applicant fix its application", async function () {
      const { registry, applicant, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(applicant).updateProviderMetadata(pendingProviderId, "Gamma", "ipfs://g"))
        .to.emit(registry, "ProviderMetadataUpdated")
        .withArgs(pendingProviderId, "Gamma", "ipfs://g");
    });

    it("rejects an operator", async function () {
      const { registry, operator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(operator).updateProviderMetadata(providerId, "Alpha", ""))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, operator.address);
    });

    it("rejects an unknown provider", async function () {
      const { registry, owner } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).updateProviderMetadata(99n, "Alpha", ""))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(99n);
    });

    it("rejects a retired provider", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).retireProvider(providerId);
      await expect(registry.connect(owner).updateProviderMetadata(providerId, "Alpha", ""))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Retired);
    });

    it("rejects an invalid name", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).updateProviderMetadata(providerId, "", ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidName")
        .withArgs(0n);
    });

    it("rejects a metadata URI longer than MAX_URI_LENGTH bytes", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).updateProviderMetadata(providerId, "Alpha", URI_256 + "u"))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataURI")
        .withArgs(257n);
    });
  });

  describe("retireProvider", function () {
    it("retires an active provider for good", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).retireProvider(providerId))
        .to.emit(registry, "ProviderRetired")
        .withArgs(providerId);
      expect((await registry.getProvider(providerId)).status).to.equal(ProviderStatus.Retired);
    });

    it("lets an applicant withdraw a pending application", async function () {
      const { registry, applicant, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(applicant).retireProvider(pendingProviderId))
        .to.emit(registry, "ProviderRetired")
        .withArgs(pendingProviderId);
    });

    it("lets the owner of a suspended provider retire it", async function () {
      const { registry, curator, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(curator).suspendProvider(providerId, 0);
      await expect(registry.connect(owner).retireProvider(providerId))
        .to.emit(registry, "ProviderRetired")
        .withArgs(providerId);
    });

    it("unmarks a default provider and emits ProviderDefaultSet", async function () {
      const { registry, owner, providerId } = await loadFixture(defaultProviderFixture);
      await expect(registry.connect(owner).retireProvider(providerId))
        .to.emit(registry, "ProviderDefaultSet")
        .withArgs(providerId, false);
      expect((await registry.getProvider(providerId)).isDefault).to.equal(false);
      const [ids, total] = await registry.getDefaultProviders(0n, 10n);
      expect(ids).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("keeps the provider's nodes bound, for history", async function () {
      const { registry, owner, providerId } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireProvider(providerId);
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(3n);
    });

    it("rejects an operator", async function () {
      const { registry, operator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(operator).retireProvider(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, operator.address);
    });

    it("rejects a curator", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).retireProvider(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, curator.address);
    });

    it("rejects an unknown provider", async function () {
      const { registry, owner } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).retireProvider(0n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(0n);
    });

    it("rejects a provider that is already retired", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).retireProvider(providerId);
      await expect(registry.connect(owner).retireProvider(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Retired);
    });

    it("rejects a rejected application", async function () {
      const { registry, curator, applicant, pendingProviderId } = await loadFixture(providersFixture);
      await registry.connect(curator).rejectProvider(pendingProviderId, 1);
      await expect(registry.connect(applicant).retireProvider(pendingProviderId))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(pendingProviderId, ProviderStatus.Rejected);
    });
  });
});
