import { expect } from "chai";
import { verifyTypedData } from "ethers";

import {
  MAIL,
  NODE_RETIREMENT_TYPES,
  NodeStatus,
  SIGNATURE_LIFETIME,
  loadFixture,
  nodesFixture,
  randomNodeKey,
  registerNode,
  registryDomain,
  signRetirement,
  time,
  type Registry,
  transferredFixture,
} from "./fixtures.js";

/** Addresses of a provider's node list, in list order. */
async function providerNodeList(registry: Registry, providerId: bigint): Promise<string[]> {
  const [page] = await registry.getProviderNodes(providerId, 0n, 256n);
  return page.map((info) => info.node);
}

/** A deadline `SIGNATURE_LIFETIME` after the latest block. */
async function deadlineFromNow(): Promise<bigint> {
  return BigInt(await time.latest()) + SIGNATURE_LIFETIME;
}

describe("Registry node retirement", function () {
  describe("retireNode", function () {
    it("lets the node key retire its own node", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await expect(registry.connect(key).retireNode(key.address))
        .to.emit(registry, "NodeRetired")
        .withArgs(key.address, providerId, key.address);
      const info = await registry.getNode(key.address);
      expect(info.status).to.equal(NodeStatus.Retired);
      expect(info.providerId).to.equal(providerId);
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(2n);
    });

    it("lets the provider's owner retire a node", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      await expect(registry.connect(owner).retireNode(nodes[1].address))
        .to.emit(registry, "NodeRetired")
        .withArgs(nodes[1].address, providerId, owner.address);
    });

    it("lets an operator of the provider retire a node", async function () {
      const { registry, operator, nodes, providerId } = await loadFixture(nodesFixture);
      await expect(registry.connect(operator).retireNode(nodes[2].address))
        .to.emit(registry, "NodeRetired")
        .withArgs(nodes[2].address, providerId, operator.address);
    });

    it("lets the owner retire the nodes of a suspended provider", async function () {
      const { registry, curator, owner, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendProvider(providerId, 0);
      await expect(registry.connect(owner).retireNode(nodes[0].address))
        .to.emit(registry, "NodeRetired")
        .withArgs(nodes[0].address, providerId, owner.address);
    });

    it("does not consume the node's nonce", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireNode(nodes[0].address);
      expect((await registry.getNode(nodes[0].address)).nonce).to.equal(1n);
    });

    it("withdraws the node's bootstrap addresses", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await registry.connect(key).setNodeBootstrap(key.address, ["/dns4/a.example/tcp/4001"]);
      await expect(registry.connect(owner).retireNode(key.address))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(key.address, MAIL, []);
      expect((await registry.getBootstrapRecords(MAIL, 0n, 10n)).total).to.equal(0n);
    });

    it("emits no NodeBootstrapSet for a node without bootstrap addresses", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(owner).retireNode(nodes[0].address)).not.to.emit(
        registry,
        "NodeBootstrapSet",
      );
    });

    it("rejects a stranger", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(stranger).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, stranger.address);
    });

    it("rejects the owner of another provider", async function () {
      const { registry, otherOwner, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(otherOwner).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, otherOwner.address);
    });

    it("rejects an operator of the provider's previous owner", async function () {
      const { registry, operator, nodes } = await loadFixture(transferredFixture);
      await expect(registry.connect(operator).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, operator.address);
    });

    it("rejects the provider's previous owner", async function () {
      const { registry, owner, nodes } = await loadFixture(transferredFixture);
      await expect(registry.connect(owner).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, owner.address);
    });

    it("rejects another node's key", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(nodes[1]).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, nodes[1].address);
    });

    it("rejects an unknown node", async function () {
      const { registry, owner } = await loadFixture(nodesFixture);
      const unknown = randomNodeKey().address;
      await expect(registry.connect(owner).retireNode(unknown))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(unknown);
    });

    it("rejects an unknown node even when sent by its key", async function () {
      const { registry, stranger } = await loadFixture(nodesFixture);
      await expect(registry.connect(stranger).retireNode(stranger.address))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(stranger.address);
    });

    it("rejects a node that is already retired", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireNode(nodes[0].address);
      await expect(registry.connect(owner).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Retired);
    });

    it("rejects a suspended node", async function () {
      const { registry, curator, nodes } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      await expect(registry.connect(nodes[0]).retireNode(nodes[0].address))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Suspended);
    });
  });

  describe("retireNodeWithSignature", function () {
    it("retires a node with its key's signature, relayed by anyone", async function () {
      const { registry, stranger, nodes, providerId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, key, deadline);
      await expect(registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature))
        .to.emit(registry, "NodeRetired")
        .withArgs(key.address, providerId, key.address);
      const info = await registry.getNode(key.address);
      expect(info.status).to.equal(NodeStatus.Retired);
      expect(info.nonce).to.equal(2n);
    });

    it("accepts a signature in the block of its deadline", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, nodes[0], deadline);
      await time.setNextBlockTimestamp(deadline);
      await expect(
        registry.connect(stranger).retireNodeWithSignature(nodes[0].address, deadline, signature),
      ).to.emit(registry, "NodeRetired");
    });

    it("rejects a replayed signature", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      const [key] = nodes;
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, key, deadline);
      await registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature);
      const signer = verifyTypedData(
        await registryDomain(registry),
        NODE_RETIREMENT_TYPES,
        { node: key.address, nonce: 2n, deadline },
        signature,
      );
      await expect(registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects a signature replayed after the node was registered again", async function () {
      const { registry, owner, stranger, nodes, providerId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, key, deadline);
      await registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature);
      await registerNode(registry, owner, key, providerId);
      const signer = verifyTypedData(
        await registryDomain(registry),
        NODE_RETIREMENT_TYPES,
        { node: key.address, nonce: 3n, deadline },
        signature,
      );
      await expect(registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(key.address, signer);
    });

    it("rejects an expired signature", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, nodes[0], deadline);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(registry.connect(stranger).retireNodeWithSignature(nodes[0].address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistrySignatureExpired")
        .withArgs(deadline, deadline + 1n);
    });

    it("rejects a signature by another key", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      const deadline = await deadlineFromNow();
      const { nonce } = await registry.getNode(nodes[0].address);
      const signature = await nodes[1].signTypedData(await registryDomain(registry), NODE_RETIREMENT_TYPES, {
        node: nodes[0].address,
        nonce,
        deadline,
      });
      await expect(registry.connect(stranger).retireNodeWithSignature(nodes[0].address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSignature")
        .withArgs(nodes[0].address, nodes[1].address);
    });

    it("rejects an unknown node", async function () {
      const { registry, stranger } = await loadFixture(nodesFixture);
      const key = randomNodeKey();
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, key, deadline);
      await expect(registry.connect(stranger).retireNodeWithSignature(key.address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(key.address);
    });

    it("rejects a suspended node", async function () {
      const { registry, curator, stranger, nodes } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      const deadline = await deadlineFromNow();
      const signature = await signRetirement(registry, nodes[0], deadline);
      await expect(registry.connect(stranger).retireNodeWithSignature(nodes[0].address, deadline, signature))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Suspended);
    });
  });

  describe("provider node list", function () {
    it("moves the last node into the place of a node retired in the middle", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [first, middle, last] = nodes;
      await registry.connect(owner).retireNode(middle.address);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([first.address, last.address]);
    });

    it("keeps the moved node retirable at its new place", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [first, middle, last] = nodes;
      await registry.connect(owner).retireNode(middle.address);
      await registry.connect(last).retireNode(last.address);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([first.address]);
      await registry.connect(first).retireNode(first.address);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([]);
      expect((await registry.getProvider(providerId)).nodeCount).to.equal(0n);
    });

    it("moves the last node into the place of the first", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [first, middle, last] = nodes;
      await registry.connect(owner).retireNode(first.address);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([last.address, middle.address]);
    });

    it("pops the last node without moving any other", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [first, middle, last] = nodes;
      await registry.connect(owner).retireNode(last.address);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([first.address, middle.address]);
    });

    it("appends a node registered after a retirement", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      const [first, middle, last] = nodes;
      await registry.connect(owner).retireNode(middle.address);
      await registerNode(registry, owner, middle, providerId);
      expect(await providerNodeList(registry, providerId)).to.deep.equal([
        first.address,
        last.address,
        middle.address,
      ]);
    });

    it("leaves other providers' lists alone", async function () {
      const { registry, owner, nodes, otherNode, otherProviderId } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireNode(nodes[1].address);
      expect(await providerNodeList(registry, otherProviderId)).to.deep.equal([otherNode.address]);
    });
  });
});
