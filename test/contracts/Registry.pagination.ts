import { expect } from "chai";
import { MaxUint256 } from "ethers";

import {
  MANY_NODES,
  NodeStatus,
  ProviderStatus,
  loadFixture,
  manyNodesFixture,
  nodesFixture,
  providersFixture,
  randomNodeKey,
  registerNode,
  registryFixture,
  type ProvidersFixture,
} from "./fixtures.js";

const MAX_PAGE_SIZE = 256;

/** One more provider than fits on a page. */
async function manyProvidersFixture(): Promise<ProvidersFixture> {
  const base = await providersFixture();
  for (let i = 3; i <= MAX_PAGE_SIZE; ++i) {
    await base.registry.connect(base.applicant).applyAsProvider(`Provider ${i + 1}`, "");
  }
  return base;
}

/** Providers 1 to 3 are default; provider 1 has five operators. */
async function listsFixture(): Promise<ProvidersFixture & { operators: string[] }> {
  const base = await providersFixture();
  const { registry, curator, owner, operator, providerId, otherProviderId, pendingProviderId } = base;
  for (const id of [providerId, otherProviderId, pendingProviderId]) {
    await registry.connect(curator).setDefaultProvider(id, true);
  }
  const operators = [operator.address];
  for (let i = 0; i < 4; ++i) {
    const extra = randomNodeKey().address;
    await registry.connect(owner).setProviderOperator(providerId, extra, true);
    operators.push(extra);
  }
  return { ...base, operators };
}

describe("Registry paginated views", function () {
  describe("getProviders", function () {
    it("returns providers in id order", async function () {
      const { registry } = await loadFixture(providersFixture);
      const [page, total] = await registry.getProviders(0n, 10n);
      expect(total).to.equal(3n);
      expect(page.map(({ id, status }) => [id, status])).to.deep.equal([
        [1n, ProviderStatus.Active],
        [2n, ProviderStatus.Active],
        [3n, ProviderStatus.Pending],
      ]);
    });

    it("starts at offset, where offset 0 is provider 1", async function () {
      const { registry } = await loadFixture(providersFixture);
      const [page] = await registry.getProviders(1n, 1n);
      expect(page.map(({ id }) => id)).to.deep.equal([2n]);
    });

    it("returns a partial last page", async function () {
      const { registry } = await loadFixture(providersFixture);
      const [page, total] = await registry.getProviders(2n, 10n);
      expect(page.map(({ id }) => id)).to.deep.equal([3n]);
      expect(total).to.equal(3n);
    });

    it("returns an empty page for an offset at or beyond the total", async function () {
      const { registry } = await loadFixture(providersFixture);
      for (const offset of [3n, 4n, MaxUint256]) {
        const [page, total] = await registry.getProviders(offset, MaxUint256);
        expect(page).to.deep.equal([]);
        expect(total).to.equal(3n);
      }
    });

    it("returns an empty page for a zero limit", async function () {
      const { registry } = await loadFixture(providersFixture);
      const [page, total] = await registry.getProviders(0n, 0n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(3n);
    });

    it("returns an empty page for a registry without providers", async function () {
      const { registry } = await loadFixture(registryFixture);
      const [page, total] = await registry.getProviders(0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("clamps a limit above MAX_PAGE_SIZE", async function () {
      const { registry } = await loadFixture(manyProvidersFixture);
      const [page, total] = await registry.getProviders(0n, MaxUint256);
      expect(total).to.equal(BigInt(MAX_PAGE_SIZE + 1));
      expect(page).to.have.length(MAX_PAGE_SIZE);
      expect(page.at(-1)?.id).to.equal(BigInt(MAX_PAGE_SIZE));
      const [rest] = await registry.getProviders(BigInt(MAX_PAGE_SIZE), MaxUint256);
      expect(rest.map(({ id }) => id)).to.deep.equal([BigInt(MAX_PAGE_SIZE + 1)]);
    });
  });
  describe("getProviderNodes", function () {
    it("returns the provider's nodes in list order", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      const [page, total] = await registry.getProviderNodes(providerId, 0n, 10n);
      expect(total).to.equal(3n);
      expect(page.map(({ node }) => node)).to.deep.equal(nodes.map((key) => key.address));
    });

    it("includes suspended nodes", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[2].address, 0);
      const [page, total] = await registry.getProviderNodes(providerId, 2n, 1n);
      expect(total).to.equal(3n);
      expect(page.map(({ node, status }) => [node, status])).to.deep.equal([
        [nodes[2].address, NodeStatus.Suspended],
      ]);
    });

    it("returns a partial last page", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      const [page] = await registry.getProviderNodes(providerId, 1n, 5n);
      expect(page.map(({ node }) => node)).to.deep.equal([nodes[1].address, nodes[2].address]);
    });

    it("returns an empty page for an offset beyond the total", async function () {
      const { registry, providerId } = await loadFixture(nodesFixture);
      const [page, total] = await registry.getProviderNodes(providerId, MaxUint256, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(3n);
    });

    it("returns an empty page for a provider without nodes", async function () {
      const { registry, pendingProviderId } = await loadFixture(nodesFixture);
      const [page, total] = await registry.getProviderNodes(pendingProviderId, 0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("clamps a limit above MAX_PAGE_SIZE", async function () {
      const { registry, owner, keys, providerId } = await loadFixture(manyNodesFixture);
      const extra = randomNodeKey();
      await registerNode(registry, owner, extra, providerId);
      const [page, total] = await registry.getProviderNodes(providerId, 0n, MaxUint256);
      expect(total).to.equal(BigInt(MANY_NODES + 1));
      expect(page).to.have.length(MAX_PAGE_SIZE);
      expect(page.map(({ node }) => node)).to.deep.equal(keys.map((key) => key.address));
      const [rest] = await registry.getProviderNodes(providerId, BigInt(MAX_PAGE_SIZE), MaxUint256);
      expect(rest.map(({ node }) => node)).to.deep.equal([extra.address]);
    });

    it("rejects an unknown provider", async function () {
      const { registry } = await loadFixture(nodesFixture);
      await expect(registry.getProviderNodes(12n, 0n, 10n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(12n);
    });
  });
  describe("getDefaultProviders", function () {
    it("returns the default providers' ids", async function () {
      const { registry } = await loadFixture(listsFixture);
      const [page, total] = await registry.getDefaultProviders(0n, 10n);
      expect(page).to.deep.equal([1n, 2n, 3n]);
      expect(total).to.equal(3n);
    });

    it("returns a partial last page", async function () {
      const { registry } = await loadFixture(listsFixture);
      const [page] = await registry.getDefaultProviders(1n, 10n);
      expect(page).to.deep.equal([2n, 3n]);
    });

    it("returns a page of limit ids", async function () {
      const { registry } = await loadFixture(listsFixture);
      const [page] = await registry.getDefaultProviders(1n, 1n);
      expect(page).to.deep.equal([2n]);
    });

    it("returns an empty page for an offset beyond the total", async function () {
      const { registry } = await loadFixture(listsFixture);
      const [page, total] = await registry.getDefaultProviders(3n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(3n);
    });

    it("returns an empty page when no provider is default", async function () {
      const { registry } = await loadFixture(providersFixture);
      const [page, total] = await registry.getDefaultProviders(0n, MaxUint256);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });
  });
  describe("getProviderOperators", function () {
    it("returns the provider's operators", async function () {
      const { registry, operators, providerId } = await loadFixture(listsFixture);
      const [page, total] = await registry.getProviderOperators(providerId, 0n, 10n);
      expect(page).to.deep.equal(operators);
      expect(total).to.equal(5n);
    });

    it("returns a page of limit operators from offset", async function () {
      const { registry, operators, providerId } = await loadFixture(listsFixture);
      const [page] = await registry.getProviderOperators(providerId, 1n, 2n);
      expect(page).to.deep.equal(operators.slice(1, 3));
    });

    it("returns a partial last page", async function () {
      const { registry, operators, providerId } = await loadFixture(listsFixture);
      const [page] = await registry.getProviderOperators(providerId, 3n, 10n);
      expect(page).to.deep.equal(operators.slice(3));
    });

    it("returns an empty page for an offset beyond the total", async function () {
      const { registry, providerId } = await loadFixture(listsFixture);
      const [page, total] = await registry.getProviderOperators(providerId, 99n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(5n);
    });

    it("returns only the current owner's operators after a transfer", async function () {
      const { registry, owner, stranger, applicant, providerId } = await loadFixture(listsFixture);
      await registry.connect(owner).transferProviderOwnership(providerId, stranger.address);
      await registry.connect(stranger).acceptProviderOwnership(providerId);
      await registry.connect(stranger).setProviderOperator(providerId, applicant.address, true);
      const [page, total] = await registry.getProviderOperators(providerId, 0n, 10n);
      expect(page).to.deep.equal([applicant.address]);
      expect(total).to.equal(1n);
    });

    it("returns an empty page for a provider without operators", async function () {
      const { registry, otherProviderId } = await loadFixture(listsFixture);
      const [page, total] = await registry.getProviderOperators(otherProviderId, 0n, 10n);
      expect(page).to.deep.equal([]);
      expect(total).to.equal(0n);
    });

    it("rejects an unknown provider", async function () {
      const { registry } = await loadFixture(listsFixture);
      await expect(registry.getProviderOperators(0n, 0n, 10n))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownProvider")
        .withArgs(0n);
    });
  });
});
