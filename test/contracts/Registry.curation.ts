import { expect } from "chai";
import { ZeroAddress, id } from "ethers";

import {
  ProviderStatus,
  loadFixture,
  providersFixture,
  registryFixture,
  time,
  type ProvidersFixture,
} from "./fixtures.js";

const CURATOR_ROLE = id("CURATOR_ROLE");

/** Provider 1 is suspended. */
async function suspendedProviderFixture(): Promise<ProvidersFixture> {
  const base = await providersFixture();
  await base.registry.connect(base.curator).suspendProvider(base.providerId, 3);
  return base;
}

describe("Registry provider curation", function () {
  describe("addProvider", function () {
    it("admits an active provider owned by the given account", async function () {
      const { registry, curator, owner } = await loadFixture(registryFixture);
      await registry.connect(curator).addProvider(owner.address, "Alpha Mail", "https://alpha.example");
      const info = await registry.getProvider(1n);
      expect(info.owner).to.equal(owner.address);
      expect(info.status).to.equal(ProviderStatus.Active);
      expect(info.createdAt).to.equal(BigInt(await time.latest()));
      expect(info.name).to.equal("Alpha Mail");
      expect(info.metadataURI).to.equal("https://alpha.example");
    });

    it("emits ProviderAdded naming the curator", async function () {
      const { registry, curator, owner } = await loadFixture(registryFixture);
      await expect(
        registry.connect(curator).addProvider(owner.address, "Alpha Mail", "https://alpha.example"),
      )
        .to.emit(registry, "ProviderAdded")
        .withArgs(1n, owner.address, curator.address, "Alpha Mail", "https://alpha.example");
    });

    it("returns the new id", async function () {
      const { registry, curator, owner } = await loadFixture(providersFixture);
      expect(await registry.connect(curator).addProvider.staticCall(owner.address, "Delta", "")).to.equal(4n);
    });

    it("rejects a non-curator", async function () {
      const { registry, stranger, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(stranger).addProvider(owner.address, "Alpha Mail", ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, CURATOR_ROLE);
    });

    it("rejects the default admin, who is not a curator", async function () {
      const { registry, admin, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(admin).addProvider(owner.address, "Alpha Mail", ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, CURATOR_ROLE);
    });

    it("rejects a zero owner", async function () {
      const { registry, curator } = await loadFixture(registryFixture);
      await expect(
        registry.connect(curator).addProvider(ZeroAddress, "Alpha Mail", ""),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });

    it("rejects an invalid name", async function () {
      const { registry, curator, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(curator).addProvider(owner.address, "x".repeat(65), ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidName")
        .withArgs(65n);
    });

    it("rejects a metadata URI longer than MAX_URI_LENGTH bytes", async function () {
      const { registry, curator, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(curator).addProvider(owner.address, "Alpha", "u".repeat(300)))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataURI")
        .withArgs(300n);
    });
  });

  describe("approveProvider", function () {
    it("activates a pending application", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).approveProvider(pendingProviderId))
        .to.emit(registry, "ProviderApproved")
        .withArgs(pendingProviderId, curator.address);
      expect((await registry.getProvider(pendingProviderId)).status).to.equal(ProviderStatus.Active);
    });

    it("rejects a non-curator", async function () {
      const { registry, applicant, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(applicant).approveProvider(pendingProviderId))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(applicant.address, CURATOR_ROLE);
    });

    it("rejects an unknown provider", async function () {
      const { registry, curator } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).approveProvider(4n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(4n);
    });

    it("rejects a provider that is not pending", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).approveProvider(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Active);
    });
  });

  describe("rejectProvider", function () {
    it("rejects a pending application with a reason code", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).rejectProvider(pendingProviderId, 2))
        .to.emit(registry, "ProviderRejected")
        .withArgs(pendingProviderId, curator.address, 2);
      expect((await registry.getProvider(pendingProviderId)).status).to.equal(ProviderStatus.Rejected);
    });

    it("unmarks a pending application that was marked default", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await registry.connect(curator).setDefaultProvider(pendingProviderId, true);
      await expect(registry.connect(curator).rejectProvider(pendingProviderId, 0))
        .to.emit(registry, "ProviderDefaultSet")
        .withArgs(pendingProviderId, false);
      expect((await registry.getProvider(pendingProviderId)).isDefault).to.equal(false);
      expect((await registry.getDefaultProviders(0n, 10n)).total).to.equal(0n);
    });

    it("emits no ProviderDefaultSet for a provider that was not default", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).rejectProvider(pendingProviderId, 0)).not.to.emit(
        registry,
        "ProviderDefaultSet",
      );
    });

    it("rejects a non-curator", async function () {
      const { registry, stranger, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(stranger).rejectProvider(pendingProviderId, 0))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, CURATOR_ROLE);
    });

    it("rejects an unknown provider", async function () {
      const { registry, curator } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).rejectProvider(0n, 0))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(0n);
    });

    it("rejects a provider that is not pending", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).rejectProvider(providerId, 0))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Active);
    });
  });

  describe("suspendProvider", function () {
    it("suspends an active provider with a reason code", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).suspendProvider(providerId, 7))
        .to.emit(registry, "ProviderSuspended")
        .withArgs(providerId, curator.address, 7);
      expect((await registry.getProvider(providerId)).status).to.equal(ProviderStatus.Suspended);
    });

    it("rejects a non-curator", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).suspendProvider(providerId, 0))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(owner.address, CURATOR_ROLE);
    });

    it("rejects an unknown provider", async function () {
      const { registry, curator } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).suspendProvider(5n, 0))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(5n);
    });

    it("rejects a pending application", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).suspendProvider(pendingProviderId, 0))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(pendingProviderId, ProviderStatus.Pending);
    });

    it("rejects a provider that is already suspended", async function () {
      const { registry, curator, providerId } = await loadFixture(suspendedProviderFixture);
      await expect(registry.connect(curator).suspendProvider(providerId, 0))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Suspended);
    });
  });

  describe("reinstateProvider", function () {
    it("reactivates a suspended provider", async function () {
      const { registry, curator, providerId } = await loadFixture(suspendedProviderFixture);
      await expect(registry.connect(curator).reinstateProvider(providerId))
        .to.emit(registry, "ProviderReinstated")
        .withArgs(providerId, curator.address);
      expect((await registry.getProvider(providerId)).status).to.equal(ProviderStatus.Active);
    });

    it("rejects a non-curator", async function () {
      const { registry, owner, providerId } = await loadFixture(suspendedProviderFixture);
      await expect(registry.connect(owner).reinstateProvider(providerId))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(owner.address, CURATOR_ROLE);
    });

    it("rejects an unknown provider", async function () {
      const { registry, curator } = await loadFixture(suspendedProviderFixture);
      await expect(registry.connect(curator).reinstateProvider(9n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(9n);
    });

    it("rejects a provider that is not suspended", async function () {
      const { registry, curator, otherProviderId } = await loadFixture(suspendedProviderFixture);
      await expect(registry.connect(curator).reinstateProvider(otherProviderId))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(otherProviderId, ProviderStatus.Active);
    });

    it("cannot bring back a retired provider", async function () {
      const { registry, curator, owner, providerId } = await loadFixture(suspendedProviderFixture);
      await registry.connect(owner).retireProvider(providerId);
      await expect(registry.connect(curator).reinstateProvider(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Retired);
    });
  });

  describe("setDefaultProvider", function () {
    it("marks an active provider as default", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).setDefaultProvider(providerId, true))
        .to.emit(registry, "ProviderDefaultSet")
        .withArgs(providerId, true);
      expect((await registry.getProvider(providerId)).isDefault).to.equal(true);
      const [ids, total] = await registry.getDefaultProviders(0n, 10n);
      expect(ids).to.deep.equal([providerId]);
      expect(total).to.equal(1n);
    });

    it("marks a pending or suspended provider as default", async function () {
      const { registry, curator, providerId, pendingProviderId } =
        await loadFixture(suspendedProviderFixture);
      await registry.connect(curator).setDefaultProvider(providerId, true);
      await registry.connect(curator).setDefaultProvider(pendingProviderId, true);
      expect((await registry.getDefaultProviders(0n, 10n)).page).to.deep.equal([
        providerId,
        pendingProviderId,
      ]);
    });

    it("unmarks a default provider", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await registry.connect(curator).setDefaultProvider(providerId, true);
      await expect(registry.connect(curator).setDefaultProvider(providerId, false))
        .to.emit(registry, "ProviderDefaultSet")
        .withArgs(providerId, false);
      expect((await registry.getProvider(providerId)).isDefault).to.equal(false);
      expect((await registry.getDefaultProviders(0n, 10n)).total).to.equal(0n);
    });

    it("emits nothing when marking a provider that is already default", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await registry.connect(curator).setDefaultProvider(providerId, true);
      await expect(registry.connect(curator).setDefaultProvider(providerId, true)).not.to.emit(
        registry,
        "ProviderDefaultSet",
      );
      expect((await registry.getDefaultProviders(0n, 10n)).total).to.equal(1n);
    });

    it("emits nothing when unmarking a provider that is not default", async function () {
      const { registry, curator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).setDefaultProvider(providerId, false)).not.to.emit(
        registry,
        "ProviderDefaultSet",
      );
    });

    it("rejects a non-curator", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).setDefaultProvider(providerId, true))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(owner.address, CURATOR_ROLE);
    });

    it("rejects an unknown provider", async function () {
      const { registry, curator } = await loadFixture(providersFixture);
      await expect(registry.connect(curator).setDefaultProvider(10n, true))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(10n);
    });

    it("rejects a rejected provider", async function () {
      const { registry, curator, pendingProviderId } = await loadFixture(providersFixture);
      await registry.connect(curator).rejectProvider(pendingProviderId, 0);
      await expect(registry.connect(curator).setDefaultProvider(pendingProviderId, true))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(pendingProviderId, ProviderStatus.Rejected);
    });

    it("rejects a retired provider", async function () {
      const { registry, curator, owner, providerId } = await loadFixture(providersFixture);
      await registry.connect(owner).retireProvider(providerId);
      await expect(registry.connect(curator).setDefaultProvider(providerId, true))
        .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
        .withArgs(providerId, ProviderStatus.Retired);
    });
  });
});
