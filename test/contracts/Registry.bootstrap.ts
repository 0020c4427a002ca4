import { expect } from "chai";
import { MaxUint256 } from "ethers";

import {
  MAIL,
  NodeStatus,
  ProviderStatus,
  RELAY,
  loadFixture,
  nodesFixture,
  randomNodeKey,
  registerNode,
  transferredFixture,
  type NodesFixture,
} from "./fixtures.js";

/** A multiaddr of `length` bytes. */
function multiaddrOfLength(length: number): string {
  const prefix = "/dns4/";
  return prefix + "a".repeat(length - prefix.length);
}

const ADDRS = ["/dns4/n0.alpha.example/tcp/4001", "/ip4/203.0.113.10/tcp/4001"];

/** Every mail node has published one bootstrap address; a relay node of provider 1 has too. */
async function publishedFixture(): Promise<NodesFixture & { relayNode: string }> {
  const base = await nodesFixture();
  const { registry, owner, nodes, otherNode, providerId } = base;
  for (const [i, key] of [...nodes, otherNode].entries()) {
    await registry.connect(key).setNodeBootstrap(key.address, [`/dns4/n${i}.example/tcp/4001`]);
  }
  const relay = randomNodeKey();
  await registerNode(registry, owner, relay, providerId, RELAY);
  await registry.connect(owner).setNodeBootstrap(relay.address, ["/dns4/relay.example/tcp/4001"]);
  return { ...base, relayNode: relay.address };
}

/** `MAX_BOOTSTRAP_PAGE_SIZE`: records one `getBootstrapRecords` call scans at most. */
const MAX_BOOTSTRAP_PAGE_SIZE = 64;

/** The gas an Osaka chain gives a call's estimate at most, and Hardhat any call that names none (EIP-7825). */
const EIP7825_GAS_CAP = 16_777_216n;

/** One more record than fits on a page, each the largest the registry accepts. */
async function fullPagesFixture(): Promise<NodesFixture & { published: string[] }> {
  const base = await nodesFixture();
  const { registry, owner, providerId } = base;
  const largest = Array.from({ length: 4 }, (_, i) => multiaddrOfLength(256).slice(0, -1) + String(i));
  const published: string[] = [];
  for (let i = 0; i <= MAX_BOOTSTRAP_PAGE_SIZE; ++i) {
    const key = randomNodeKey();
    await registerNode(registry, owner, key, providerId);
    await registry.connect(owner).setNodeBootstrap(key.address, largest);
    published.push(key.address);
  }
  return { ...base, published };
}

describe("Registry bootstrap records", function () {
  describe("setNodeBootstrap", function () {
    it("lets the node key publish its addresses", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await expect(registry.connect(key).setNodeBootstrap(key.address, ADDRS))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(key.address, MAIL, ADDRS);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(total).to.equal(1n);
      expect(page.map(({ node, providerId: id, multiaddrs }) => [node, id, [...multiaddrs]])).to.deep.equal([
        [key.address, providerId, ADDRS],
      ]);
    });

    it("lets the provider's owner publish a node's addresses", async function () {
      const { registry, owner, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(owner).setNodeBootstrap(nodes[1].address, ADDRS))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[1].address, MAIL, ADDRS);
    });

    it("lets an operator of the provider publish a node's addresses", async function () {
      const { registry, operator, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(operator).setNodeBootstrap(nodes[2].address, ADDRS))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[2].address, MAIL, ADDRS);
    });

    it("replaces the previous addresses", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await registry.connect(key).setNodeBootstrap(key.address, ADDRS);
      await registry.connect(key).setNodeBootstrap(key.address, ["/dns4/new.example/tcp/4001"]);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(total).to.equal(1n);
      expect(page[0]?.multiaddrs).to.deep.equal(["/dns4/new.example/tcp/4001"]);
    });

    it("removes the record when given an empty list", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      const [key] = nodes;
      await registry.connect(key).setNodeBootstrap(key.address, ADDRS);
      await expect(registry.connect(key).setNodeBootstrap(key.address, []))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(key.address, MAIL, []);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("accepts MAX_BOOTSTRAP_ADDRS addresses of MAX_MULTIADDR_LENGTH bytes", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      const longest = Array.from({ length: 4 }, () => multiaddrOfLength(256));
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, longest))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[0].address, MAIL, longest);
    });

    it("rejects more than MAX_BOOTSTRAP_ADDRS addresses", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      const five = Array.from({ length: 5 }, (_, i) => `/dns4/n${i}.example/tcp/4001`);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, five))
        .to.be.revertedWithCustomError(registry, "RegistryTooManyBootstrapAddrs")
        .withArgs(5n, 4n);
    });

    it("rejects an empty address", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, [ADDRS[0]!, ""]))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMultiaddr")
        .withArgs(1n, 0n);
    });

    it("rejects an address longer than MAX_MULTIADDR_LENGTH bytes", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, [multiaddrOfLength(257)]))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMultiaddr")
        .withArgs(0n, 257n);
    });

    it("rejects a stranger", async function () {
      const { registry, stranger, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(stranger).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, stranger.address);
    });

    it("rejects the owner of another provider", async function () {
      const { registry, otherOwner, nodes } = await loadFixture(nodesFixture);
      await expect(registry.connect(otherOwner).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, otherOwner.address);
    });

    it("rejects an operator of the provider's previous owner", async function () {
      const { registry, operator, nodes } = await loadFixture(transferredFixture);
      await expect(registry.connect(operator).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryNotNodeManager")
        .withArgs(nodes[0].address, operator.address);
    });

    it("lets the provider's new owner publish a node's addresses", async function () {
      const { registry, stranger, nodes } = await loadFixture(transferredFixture);
      await expect(registry.connect(stranger).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[0].address, MAIL, ADDRS);
    });

    it("rejects an unknown node", async function () {
      const { registry, stranger } = await loadFixture(nodesFixture);
      await expect(registry.connect(stranger).setNodeBootstrap(stranger.address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownNode")
        .withArgs(stranger.address);
    });

    it("rejects a suspended node", async function () {
      const { registry, curator, nodes } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Suspended);
    });

    it("rejects publishing for a node of a retired provider", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireProvider(providerId);
      for (const sender of [nodes[0], owner]) {
        await expect(registry.connect(sender).setNodeBootstrap(nodes[0].address, ADDRS))
          .to.be.revertedWithCustomError(registry, "RegistryProviderStatusInvalid")
          .withArgs(providerId, ProviderStatus.Retired);
      }
    });

    it("lets a node of a retired provider withdraw its addresses", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(publishedFixture);
      await registry.connect(owner).retireProvider(providerId);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, []))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[0].address, MAIL, []);
      expect((await registry.getBootstrapRecords(MAIL, 0n, 10n)).total).to.equal(3n);
    });

    it("lets a node of a suspended provider publish, for when it is reinstated", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendProvider(providerId, 0);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.emit(registry, "NodeBootstrapSet")
        .withArgs(nodes[0].address, MAIL, ADDRS);
    });

    it("rejects a retired node", async function () {
      const { registry, nodes } = await loadFixture(nodesFixture);
      await registry.connect(nodes[0]).retireNode(nodes[0].address);
      await expect(registry.connect(nodes[0]).setNodeBootstrap(nodes[0].address, ADDRS))
        .to.be.revertedWithCustomError(registry, "RegistryNodeStatusInvalid")
        .withArgs(nodes[0].address, NodeStatus.Retired);
    });
  });

  describe("getBootstrapRecords", function () {
    it("returns the records of a service in publication order", async function () {
      const { registry, nodes, otherNode, providerId, otherProviderId } = await loadFixture(publishedFixture);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(total).to.equal(4n);
      expect(page.map(({ node, providerId: id }) => [node, id])).to.deep.equal([
        [nodes[0].address, providerId],
        [nodes[1].address, providerId],
        [nodes[2].address, providerId],
        [otherNode.address, otherProviderId],
      ]);
      expect(page[3]?.multiaddrs).to.deep.equal(["/dns4/n3.example/tcp/4001"]);
    });

    it("keeps each service's records apart", async function () {
      const { registry, relayNode } = await loadFixture(publishedFixture);
      const [page, total] = await registry.getBootstrapRecords(RELAY, 0n, 10n);
      expect(total).to.equal(1n);
      expect(page.map(({ node }) => node)).to.deep.equal([relayNode]);
    });

    it("returns nothing for a service without records", async function () {
      const { registry } = await loadFixture(publishedFixture);
      const [page, total] = await registry.getBootstrapRecords(`0x${"ff".repeat(32)}`, 0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("skips a suspended node but still counts its record", async function () {
      const { registry, curator, nodes } = await loadFixture(publishedFixture);
      await registry.connect(curator).suspendNode(nodes[1].address, 0);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(total).to.equal(4n);
      expect(page.map(({ node }) => node)).not.to.include(nodes[1].address);
      expect(page).to.have.length(3);
    });

    it("skips the nodes of a provider that is not active", async function () {
      const { registry, curator, otherNode, otherProviderId } = await loadFixture(publishedFixture);
      await registry.connect(curator).suspendProvider(otherProviderId, 0);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, 10n);
      expect(total).to.equal(4n);
      expect(page.map(({ node }) => node)).not.to.include(otherNode.address);
    });

    it("scans limit records from offset", async function () {
      const { registry, nodes } = await loadFixture(publishedFixture);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 1n, 2n);
      expect(total).to.equal(4n);
      expect(page.map(({ node }) => node)).to.deep.equal([nodes[1].address, nodes[2].address]);
    });

    it("returns a shorter page when a scanned record is not usable", async function () {
      const { registry, curator, nodes } = await loadFixture(publishedFixture);
      await registry.connect(curator).suspendNode(nodes[1].address, 0);
      const [page] = await registry.getBootstrapRecords(MAIL, 1n, 2n);
      expect(page.map(({ node }) => node)).to.deep.equal([nodes[2].address]);
    });

    it("returns an empty page for an offset at or beyond the total", async function () {
      const { registry } = await loadFixture(publishedFixture);
      for (const offset of [4n, 5n, MaxUint256]) {
        const [page, total] = await registry.getBootstrapRecords(MAIL, offset, 10n);
        expect(page).to.deep.equal([]);
        expect(total).to.equal(4n);
      }
    });

    it("returns a partial last page", async function () {
      const { registry, otherNode } = await loadFixture(publishedFixture);
      const [page] = await registry.getBootstrapRecords(MAIL, 3n, 10n);
      expect(page.map(({ node }) => node)).to.deep.equal([otherNode.address]);
    });

    it("clamps a limit above MAX_BOOTSTRAP_PAGE_SIZE", async function () {
      const { registry, published } = await loadFixture(fullPagesFixture);
      const [page, total] = await registry.getBootstrapRecords(MAIL, 0n, MaxUint256);
      expect(total).to.equal(BigInt(MAX_BOOTSTRAP_PAGE_SIZE + 1));
      expect(page.map(({ node }) => node)).to.deep.equal(published.slice(0, MAX_BOOTSTRAP_PAGE_SIZE));
      const [rest] = await registry.getBootstrapRecords(MAIL, BigInt(MAX_BOOTSTRAP_PAGE_SIZE), MaxUint256);
      expect(rest.map(({ node }) => node)).to.deep.equal(published.slice(MAX_BOOTSTRAP_PAGE_SIZE));
    });

    it("answers a full page of the largest records in under half of EIP-7825's gas cap", async function () {
      const { registry } = await loadFixture(fullPagesFixture);
      const gas = await registry.getBootstrapRecords.estimateGas(MAIL, 0n, MaxUint256);
      expect(gas < EIP7825_GAS_CAP / 2n, `${gas} gas`).to.equal(true);
      const [page] = await registry.getBootstrapRecords(MAIL, 0n, MaxUint256);
      expect(page.every(({ multiaddrs }) => multiaddrs.every((text) => text.length === 256))).to.equal(true);
    });
  });
});
