import { expect } from "chai";
import { Interface, ZeroAddress, ZeroHash, id, toBeHex } from "ethers";
import { artifacts } from "hardhat";

import {
  ADMIN_TRANSFER_DELAY,
  loadFixture,
  registryFixture,
  time,
  type RegistryFixture,
} from "./fixtures.js";

const CURATOR_ROLE = id("CURATOR_ROLE");
const DEFAULT_ADMIN_ROLE = ZeroHash;

/** ERC-165 id of an interface: the XOR of its functions' selectors. */
function interfaceId(iface: Interface): string {
  let xor = 0n;
  iface.forEachFunction((fragment) => {
    xor ^= BigInt(fragment.selector);
  });
  return toBeHex(xor, 4);
}

const IACCESS_CONTROL = new Interface([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getRoleAdmin(bytes32 role) view returns (bytes32)",
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
  "function renounceRole(bytes32 role, address callerConfirmation)",
]);

/** `admin` has started handing the default admin role to `stranger`. */
async function adminTransferStartedFixture(): Promise<RegistryFixture & { acceptSchedule: bigint }> {
  const base = await registryFixture();
  await base.registry.connect(base.admin).beginDefaultAdminTransfer(base.stranger.address);
  const acceptSchedule = BigInt(await time.latest()) + ADMIN_TRANSFER_DELAY;
  return { ...base, acceptSchedule };
}

describe("Registry administration", function () {
  describe("supportsInterface", function () {
    it("answers true for IRegistry", async function () {
      const { registry } = await loadFixture(registryFixture);
      const { abi } = await artifacts.readArtifact("IRegistry");
      const iregistry = interfaceId(new Interface(abi));
      expect(await registry.supportsInterface(iregistry)).to.equal(true);
    });

    it("answers true for IAccessControl", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(interfaceId(IACCESS_CONTROL)).to.equal("0x7965db0b");
      expect(await registry.supportsInterface(interfaceId(IACCESS_CONTROL))).to.equal(true);
    });

    it("answers true for IAccessControlDefaultAdminRules and IERC165", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.supportsInterface("0x31498786")).to.equal(true);
      expect(await registry.supportsInterface("0x01ffc9a7")).to.equal(true);
    });

    it("answers false for other interfaces", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.supportsInterface("0xffffffff")).to.equal(false);
      expect(await registry.supportsInterface("0x12345678")).to.equal(false);
    });
  });

  describe("curator role", function () {
    it("lets the default admin appoint a curator", async function () {
      const { registry, admin, stranger, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(admin).grantRole(CURATOR_ROLE, stranger.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(CURATOR_ROLE, stranger.address, admin.address);
      await expect(registry.connect(stranger).addProvider(owner.address, "Alpha", ""))
        .to.emit(registry, "ProviderAdded")
        .withArgs(1n, owner.address, stranger.address, "Alpha", "");
    });

    it("lets the default admin remove a curator", async function () {
      const { registry, admin, curator, owner } = await loadFixture(registryFixture);
      await expect(registry.connect(admin).revokeRole(CURATOR_ROLE, curator.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(CURATOR_ROLE, curator.address, admin.address);
      await expect(registry.connect(curator).addProvider(owner.address, "Alpha", ""))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, CURATOR_ROLE);
    });

    it("lets a curator step down", async function () {
      const { registry, curator } = await loadFixture(registryFixture);
      await expect(registry.connect(curator).renounceRole(CURATOR_ROLE, curator.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(CURATOR_ROLE, curator.address, curator.address);
      expect(await registry.hasRole(CURATOR_ROLE, curator.address)).to.equal(false);
    });

    it("is administered by the default admin role", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.getRoleAdmin(CURATOR_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
    });

    it("rejects a curator appointing another curator", async function () {
      const { registry, curator, stranger } = await loadFixture(registryFixture);
      await expect(registry.connect(curator).grantRole(CURATOR_ROLE, stranger.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("default admin transfer", function () {
    it("schedules the transfer after the delay", async function () {
      const { registry, admin, stranger } = await loadFixture(registryFixture);
      const schedule = BigInt(await time.latest()) + 1n + ADMIN_TRANSFER_DELAY;
      await time.setNextBlockTimestamp(schedule - ADMIN_TRANSFER_DELAY);
      await expect(registry.connect(admin).beginDefaultAdminTransfer(stranger.address))
        .to.emit(registry, "DefaultAdminTransferScheduled")
        .withArgs(stranger.address, schedule);
      const [pending, acceptSchedule] = await registry.pendingDefaultAdmin();
      expect(pending).to.equal(stranger.address);
      expect(acceptSchedule).to.equal(schedule);
    });

    it("hands the role over once the new admin accepts after the delay", async function () {
      const { registry, admin, stranger, acceptSchedule } = await loadFixture(adminTransferStartedFixture);
      await time.increaseTo(acceptSchedule + 1n);
      await expect(registry.connect(stranger).acceptDefaultAdminTransfer())
        .to.emit(registry, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, stranger.address, stranger.address);
      expect(await registry.defaultAdmin()).to.equal(stranger.address);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, admin.address)).to.equal(false);
      const [pending, schedule] = await registry.pendingDefaultAdmin();
      expect(pending).to.equal(ZeroAddress);
      expect(schedule).to.equal(0n);
    });

    it("gives the new admin the power over curators", async function () {
      const { registry, admin, curator, stranger, acceptSchedule } =
        await loadFixture(adminTransferStartedFixture);
      await time.increaseTo(acceptSchedule + 1n);
      await registry.connect(stranger).acceptDefaultAdminTransfer();
      await expect(registry.connect(admin).revokeRole(CURATOR_ROLE, curator.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(registry.connect(stranger).revokeRole(CURATOR_ROLE, curator.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(CURATOR_ROLE, curator.address, stranger.address);
    });

    it("rejects an acceptance before the delay has passed", async function () {
      const { registry, stranger, acceptSchedule } = await loadFixture(adminTransferStartedFixture);
      await expect(registry.connect(stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(acceptSchedule);
    });

    it("rejects an acceptance by anyone but the pending admin", async function () {
      const { registry, curator, acceptSchedule } = await loadFixture(adminTransferStartedFixture);
      await time.increaseTo(acceptSchedule + 1n);
      await expect(registry.connect(curator).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(curator.address);
    });

    it("lets the admin cancel a pending transfer", async function () {
      const { registry, admin, stranger, acceptSchedule } = await loadFixture(adminTransferStartedFixture);
      await expect(registry.connect(admin).cancelDefaultAdminTransfer()).to.emit(
        registry,
        "DefaultAdminTransferCanceled",
      );
      await time.increaseTo(acceptSchedule + 1n);
      await expect(registry.connect(stranger).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(stranger.address);
    });

    it("rejects a transfer started by anyone but the admin", async function () {
      const { registry, curator } = await loadFixture(registryFixture);
      await expect(registry.connect(curator).beginDefaultAdminTransfer(curator.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(curator.address, DEFAULT_ADMIN_ROLE);
    });

    it("rejects granting the default admin role directly", async function () {
      const { registry, admin, stranger } = await loadFixture(registryFixture);
      await expect(
        registry.connect(admin).grantRole(DEFAULT_ADMIN_ROLE, stranger.address),
      ).to.be.revertedWithCustomError(registry, "AccessControlEnforcedDefaultAdminRules");
    });
  });
});
