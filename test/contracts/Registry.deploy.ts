import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

async function deployRegistryFixture() {
  const [admin, curator] = await ethers.getSigners();
  if (admin === undefined || curator === undefined) throw new Error("expected two funded accounts");
  const registry = await ethers.deployContract("Registry", [0n, admin.address, [curator.address]]);
  return { registry, admin, curator };
}

describe("Registry deployment", function () {
  it("grants the curator role to the curators given at deployment", async function () {
    const { registry, curator } = await networkHelpers.loadFixture(deployRegistryFixture);
    expect(await registry.hasRole(await registry.CURATOR_ROLE(), curator.address)).to.equal(true);
  });
});
