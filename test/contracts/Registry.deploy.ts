import { expect } from "chai";
import { TypedDataEncoder, ZeroAddress, ZeroHash, id } from "ethers";

import {
  ADMIN_TRANSFER_DELAY,
  NODE_CONSENT_TYPES,
  NODE_RETIREMENT_TYPES,
  ethers,
  loadFixture,
  namedSigners,
  registryFixture,
} from "./fixtures.js";

describe("Registry deployment", function () {
  describe("constructor", function () {
    it("makes the given admin the default admin", async function () {
      const { registry, admin } = await loadFixture(registryFixture);
      expect(await registry.defaultAdmin()).to.equal(admin.address);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
    });

    it("sets the default-admin transfer delay", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.defaultAdminDelay()).to.equal(ADMIN_TRANSFER_DELAY);
    });

    it("grants the curator role to the curators given at deployment", async function () {
      const { registry, curator, admin } = await loadFixture(registryFixture);
      const role = await registry.CURATOR_ROLE();
      expect(await registry.hasRole(role, curator.address)).to.equal(true);
      expect(await registry.hasRole(role, admin.address)).to.equal(false);
    });

    it("grants the curator role to every curator in the list", async function () {
      const { admin, curator, stranger } = await namedSigners();
      const registry = await ethers.deployContract("Registry", [
        0n,
        admin.address,
        [curator.address, stranger.address],
      ]);
      const role = await registry.CURATOR_ROLE();
      await expect(registry.deploymentTransaction())
        .to.emit(registry, "RoleGranted")
        .withArgs(role, stranger.address, admin.address);
      expect(await registry.hasRole(role, curator.address)).to.equal(true);
      expect(await registry.hasRole(role, stranger.address)).to.equal(true);
    });

    it("accepts an empty curator list", async function () {
      const { admin, curator } = await namedSigners();
      const registry = await ethers.deployContract("Registry", [0n, admin.address, []]);
      expect(await registry.hasRole(await registry.CURATOR_ROLE(), curator.address)).to.equal(false);
    });

    it("rejects a zero default admin", async function () {
      const { registry, curator } = await loadFixture(registryFixture);
      await expect(ethers.deployContract("Registry", [0n, ZeroAddress, [curator.address]]))
        .to.be.revertedWithCustomError(registry, "AccessControlInvalidDefaultAdmin")
        .withArgs(ZeroAddress);
    });

    it("starts with no providers", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.providerCount()).to.equal(0n);
    });
  });

  describe("eip712Domain", function () {
    it("names the domain WaymarkRegistry version 1 on this chain and this registry", async function () {
      const { registry } = await loadFixture(registryFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = await registry.eip712Domain();
      expect(domain.fields).to.equal("0x0f");
      expect(domain.name).to.equal("WaymarkRegistry");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await registry.getAddress());
      expect(domain.salt).to.equal(ZeroHash);
      expect(domain.extensions).to.deep.equal([]);
    });
  });

  describe("constants", function () {
    it("derives CURATOR_ROLE from its name", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.CURATOR_ROLE()).to.equal(id("CURATOR_ROLE"));
    });

    it("hashes the same NodeConsent type that node keys sign", async function () {
      const { registry } = await loadFixture(registryFixture);
      const encoded = TypedDataEncoder.from(NODE_CONSENT_TYPES).encodeType("NodeConsent");
      expect(await registry.NODE_CONSENT_TYPEHASH()).to.equal(id(encoded));
    });

    it("hashes the same NodeRetirement type that node keys sign", async function () {
      const { registry } = await loadFixture(registryFixture);
      const encoded = TypedDataEncoder.from(NODE_RETIREMENT_TYPES).encodeType("NodeRetirement");
      expect(await registry.NODE_RETIREMENT_TYPEHASH()).to.equal(id(encoded));
    });

    it("publishes the limits the client relies on", async function () {
      const { registry } = await loadFixture(registryFixture);
      expect(await registry.MAX_NAME_LENGTH()).to.equal(64n);
      expect(await registry.MAX_URI_LENGTH()).to.equal(256n);
      expect(await registry.MAX_BOOTSTRAP_ADDRS()).to.equal(4n);
      expect(await registry.MAX_MULTIADDR_LENGTH()).to.equal(256n);
      expect(await registry.MAX_PAGE_SIZE()).to.equal(256n);
      expect(await registry.MAX_BOOTSTRAP_PAGE_SIZE()).to.equal(64n);
    });
  });
});
