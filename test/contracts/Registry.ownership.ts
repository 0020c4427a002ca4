import { expect } from "chai";
import { ZeroAddress } from "ethers";

import {
  MAIL,
  ProviderStatus,
  loadFixture,
  nodesFixture,
  providersFixture,
  transferredFixture,
  type ProvidersFixture,
} from "./fixtures.js";

/** `owner` has proposed `stranger` as the new owner of provider 1. */
async function transferStartedFixture(): Promise<ProvidersFixture> {
  const base = await providersFixture();
  await base.registry.connect(base.owner).transferProviderOwnership(base.providerId, base.stranger.address);
  return base;
}

describe("Registry provider ownership", function () {
  describe("setProviderOperator", function () {
    it("appoints an operator", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).setProviderOperator(providerId, stranger.address, true))
        .to.emit(registry, "ProviderOperatorSet")
        .withArgs(providerId, stranger.address, true);
      expect(await registry.isProviderOperator(providerId, stranger.address)).to.equal(true);
    });

    it("removes an operator", async function () {
      const { registry, owner, operator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).setProviderOperator(providerId, operator.address, false))
        .to.emit(registry, "ProviderOperatorSet")
        .withArgs(providerId, operator.address, false);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(false);
    });

    it("emits nothing when appointing an existing operator", async function () {
      const { registry, owner, operator, providerId } = await loadFixture(providersFixture);
      await expect(
        registry.connect(owner).setProviderOperator(providerId, operator.address, true),
      ).not.to.emit(registry, "ProviderOperatorSet");
    });

    it("emits nothing when removing an account that is not an operator", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(providersFixture);
      await expect(
        registry.connect(owner).setProviderOperator(providerId, stranger.address, false),
      ).not.to.emit(registry, "ProviderOperatorSet");
    });

    it("rejects an operator appointing another operator", async function () {
      const { registry, operator, stranger, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(operator).setProviderOperator(providerId, stranger.address, true))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, operator.address);
    });

    it("rejects the owner of another provider", async function () {
      const { registry, otherOwner, stranger, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(otherOwner).setProviderOperator(providerId, stranger.address, true))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, otherOwner.address);
    });

    it("rejects the zero address", async function () {
      const { registry, owner, providerId } = await loadFixture(providersFixture);
      await expect(
        registry.connect(owner).setProviderOperator(providerId, ZeroAddress, true),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });

    it("rejects the previous owner after a transfer", async function () {
      const { registry, owner, operator, providerId } = await loadFixture(transferredFixture);
      await expect(registry.connect(owner).setProviderOperator(providerId, operator.address, true))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, owner.address);
    });

    it("lets the new owner appoint the previous owner's operator afresh", async function () {
      const { registry, stranger, operator, providerId } = await loadFixture(transferredFixture);
      await expect(registry.connect(stranger).setProviderOperator(providerId, operator.address, true))
        .to.emit(registry, "ProviderOperatorSet")
        .withArgs(providerId, operator.address, true);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(true);
    });

    it("rejects an unknown provider", async function () {
      const { registry, owner, stranger } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).setProviderOperator(42n, stranger.address, true))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(42n);
    });
  });

  describe("transferProviderOwnership", function () {
    it("records the pending owner without changing the owner", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).transferProviderOwnership(providerId, stranger.address))
        .to.emit(registry, "ProviderOwnershipTransferStarted")
        .withArgs(providerId, owner.address, stranger.address);
      const info = await registry.getProvider(providerId);
      expect(info.owner).to.equal(owner.address);
      expect(info.pendingOwner).to.equal(stranger.address);
    });

    it("cancels a pending transfer when given the zero address", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(transferStartedFixture);
      await expect(registry.connect(owner).transferProviderOwnership(providerId, ZeroAddress))
        .to.emit(registry, "ProviderOwnershipTransferStarted")
        .withArgs(providerId, owner.address, ZeroAddress);
      expect((await registry.getProvider(providerId)).pendingOwner).to.equal(ZeroAddress);
      await expect(registry.connect(stranger).acceptProviderOwnership(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryNotPendingOwner")
        .withArgs(providerId, stranger.address);
    });

    it("rejects an operator", async function () {
      const { registry, operator, providerId } = await loadFixture(providersFixture);
      await expect(registry.connect(operator).transferProviderOwnership(providerId, operator.address))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, operator.address);
    });

    it("rejects an unknown provider", async function () {
      const { registry, owner, stranger } = await loadFixture(providersFixture);
      await expect(registry.connect(owner).transferProviderOwnership(7n, stranger.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(7n);
    });
  });

  describe("acceptProviderOwnership", function () {
    it("makes the pending owner the owner", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(transferStartedFixture);
      await expect(registry.connect(stranger).acceptProviderOwnership(providerId))
        .to.emit(registry, "ProviderOwnershipTransferred")
        .withArgs(providerId, owner.address, stranger.address);
      const info = await registry.getProvider(providerId);
      expect(info.owner).to.equal(stranger.address);
      expect(info.pendingOwner).to.equal(ZeroAddress);
    });

    it("hands the owner's powers over to the new owner", async function () {
      const { registry, owner, stranger, providerId } = await loadFixture(transferStartedFixture);
      await registry.connect(stranger).acceptProviderOwnership(providerId);
      await expect(registry.connect(owner).updateProviderMetadata(providerId, "Alpha", ""))
        .to.be.revertedWithCustomError(registry, "RegistryNotProviderOwner")
        .withArgs(providerId, owner.address);
      await expect(registry.connect(stranger).updateProviderMetadata(providerId, "Alpha", ""))
        .to.emit(registry, "ProviderMetadataUpdated")
        .withArgs(providerId, "Alpha", "");
    });

    it("removes every operator of the previous owner", async function () {
      const { registry, owner, operator, stranger, applicant, providerId } =
        await loadFixture(transferStartedFixture);
      await registry.connect(owner).setProviderOperator(providerId, applicant.address, true);
      await expect(registry.connect(stranger).acceptProviderOwnership(providerId))
        .to.emit(registry, "ProviderOperatorsCleared")
        .withArgs(providerId);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(false);
      expect(await registry.isProviderOperator(providerId, applicant.address)).to.equal(false);
      const [page, total] = await registry.getProviderOperators(providerId, 0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("emits ProviderOperatorsCleared right after ProviderOwnershipTransferred", async function () {
      const { registry, stranger, providerId } = await loadFixture(transferStartedFixture);
      const receipt = await (await registry.connect(stranger).acceptProviderOwnership(providerId)).wait();
      const names = receipt!.logs.map((log) => registry.interface.parseLog(log)?.name);
      expect(names).to.deep.equal(["ProviderOwnershipTransferred", "ProviderOperatorsCleared"]);
    });

    it("does not bring operators back when the provider returns to a previous owner", async function () {
      const { registry, owner, operator, stranger, providerId } = await loadFixture(transferredFixture);
      await registry.connect(stranger).transferProviderOwnership(providerId, owner.address);
      await registry.connect(owner).acceptProviderOwnership(providerId);
      expect(await registry.isProviderOperator(providerId, operator.address)).to.equal(false);
      expect((await registry.getProviderOperators(providerId, 0n, 10n)).total).to.equal(0n);
    });

    it("keeps the provider's status, default mark, nodes and bootstrap records", async function () {
      const { registry, curator, owner, stranger, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).setDefaultProvider(providerId, true);
      await registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, ["/dns4/n0.example/tcp/4001"]);
      await registry.connect(owner).transferProviderOwnership(providerId, stranger.address);
      await registry.connect(stranger).acceptProviderOwnership(providerId);
      const info = await registry.getProvider(providerId);
      expect([info.status, info.isDefault, info.nodeCount]).to.deep.equal([ProviderStatus.Active, true, 3n]);
      const [records] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(records.map((record) => record.node)).to.deep.equal([nodes[0].address]);
    });

    it("rejects anyone but the pending owner", async function () {
      const { registry, operator, providerId } = await loadFixture(transferStartedFixture);
      await expect(registry.connect(operator).acceptProviderOwnership(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryNotPendingOwner")
        .withArgs(providerId, operator.address);
    });

    it("rejects a second acceptance", async function () {
      const { registry, stranger, providerId } = await loadFixture(transferStartedFixture);
      await registry.connect(stranger).acceptProviderOwnership(providerId);
      await expect(registry.connect(stranger).acceptProviderOwnership(providerId))
        .to.be.revertedWithCustomError(registry, "RegistryNotPendingOwner")
        .withArgs(providerId, stranger.address);
    });

    it("rejects an unknown provider", async function () {
      const { registry, stranger } = await loadFixture(transferStartedFixture);
      await expect(registry.connect(stranger).acceptProviderOwnership(8n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(8n);
    });
  });
});
