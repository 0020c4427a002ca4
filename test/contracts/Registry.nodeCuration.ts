import { expect } from "chai";
import { id } from "ethers";

import {
  MAIL,
  NodeStatus,
  Verdict,
  loadFixture,
  nodesFixture,
  randomNodeKey,
  type NodesFixture,
} from "./fixtures.js";

const CURATOR_ROLE = id("CURATOR_ROLE");

/** The first node of provider 1 is suspended. */
async function suspendedNodeFixture(): Promise<NodesFixture> {
  const base = await nodesFixture();
  await base.registry.connect(base.curator).suspendNode(base.nodes[0].address, 4);
  return base;
}

describe("Registry node curation", function () {
  describe("suspendNode", function () {
    it("suspends an active node with a reason code", async function () {
      const { registry, curator, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(curator).suspendNode(nodes[0].address, 4))
        .to.emit(registry, "NodeSuspended")
        .withArgs(nodes[0].address, curator.address, 4);
      expect((await registry.getNode(nodes[0].address)).status).to.equal(NodeStatus.Suspended);
    });

    it("stops the node from verifying at once", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      const [result] = await registry.verifyNodes([nodes[0].address], MAIL, [providerId]);
      expect(result?.verdict).to.equal(Verdict.NodeSuspended);
    });

    it("keeps the node bound to its provider", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(3n);
    });

    it("rejects a non-curator", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(owner).suspendNode(nodes[0].address, 0))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(owner.address, CURATOR_ROLE);
    });

    it("rejects an unknown node", async function () {
      const { registry, curator } = await loadFixture(nodesFixture);
      const unknown = randomNodeKey().address;
      await expect(registry.connect(curator).suspendNode(unknown, 0))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(unknown);
    });

    it("rejects a node that is already suspended", async function () {
      const { registry, curator, nodes } = await loadFixture(suspendedNodeFixture);
      await expect(registry.connect(curator).suspendNode(nodes[0].address, 0))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Suspended);
    });

    it("rejects a retired node", async function () {
      const { registry, curator, owner, nodes } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireNode(nodes[0].address);
      await expect(registry.connect(curator).suspendNode(nodes[0].address, 0))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Retired);
    });
  });

  describe("reinstateNode", function () {
    it("reactivates a suspended node", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(suspendedNodeFixture);
      await expect(registry.connect(curator).reinstateNode(nodes[0].address))
        .to.emit(registry, "NodeReinstated")
        .withArgs(nodes[0].address, curator.address);
      expect((await registry.getNode(nodes[0].address)).status).to.equal(NodeStatus.Active);
      const [result] = await registry.verifyNodes([nodes[0].address], MAIL, [providerId]);
      expect(result?.verdict).to.equal(Verdict.Trusted);
    });

    it("rejects a non-curator", async function () {
      const { registry, owner, nodes } = await loadFixture(suspendedNodeFixture);
      await expect(registry.connect(owner).reinstateNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(owner.address, CURATOR_ROLE);
    });

    it("rejects an unknown node", async function () {
      const { registry, curator } = await loadFixture(suspendedNodeFixture);
      const unknown = randomNodeKey().address;
      await expect(registry.connect(curator).reinstateNode(unknown))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(unknown);
    });

    it("rejects a node that is not suspended", async function () {
      const { registry, curator, nodes } = await loadFixture(suspendedNodeFixture);
      await expect(registry.connect(curator).reinstateNode(nodes[1].address))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[1].address, NodeStatus.Active);
    });
  });
});
