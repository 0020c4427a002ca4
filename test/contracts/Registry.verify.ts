import { expect } from "chai";

import {
  MAIL,
  MANY_NODES,
  RELAY,
  Verdict,
  loadFixture,
  manyNodesFixture,
  nodesFixture,
  randomNodeKey,
  registerNode,
  type NodesFixture,
  type Registry,
} from "./fixtures.js";

type Answer = [trusted: boolean, providerId: bigint, verdict: bigint];

/** `verifyNodes` answers as plain tuples. */
async function verify(
  registry: Registry,
  nodes: string[],
  trustedProviders: bigint[] = [],
  service: string = MAIL,
): Promise<Answer[]> {
  const results = await registry.verifyNodes(nodes, service, trustedProviders);
  return results.map(({ trusted, providerId, verdict }): Answer => [trusted, providerId, verdict]);
}

/** Provider 1 is the only default provider. */
async function defaultProviderFixture(): Promise<NodesFixture> {
  const base = await nodesFixture();
  await base.registry.connect(base.curator).setDefaultProvider(base.providerId, true);
  return base;
}

interface EveryVerdictFixture extends NodesFixture {
  /** One node per `Verdict`, in the enum's order, for `MAIL` under the trusted list `[providerId]`. */
  byVerdict: string[];
}

/** A node for every verdict when verifying `MAIL` while trusting provider 1 only. */
async function everyVerdictFixture(): Promise<EveryVerdictFixture> {
  const base = await nodesFixture();
  const { registry, curator, owner, otherOwner, nodes, providerId, otherProviderId } = base;
  const [trusted, suspended, retired] = nodes;
  await registry.connect(curator).suspendNode(suspended.address, 0);
  await registry.connect(owner).retireNode(retired.address);
  const relay = randomNodeKey();
  await registerNode(registry, owner, relay, providerId, RELAY);
  const inactive = randomNodeKey();
  await registerNode(registry, otherOwner, inactive, otherProviderId);
  await registry.connect(curator).addProvider(otherOwner.address, "Delta Mail", "");
  const untrusted = randomNodeKey();
  await registerNode(registry, otherOwner, untrusted, 4n);
  await registry.connect(curator).suspendProvider(otherProviderId, 0);
  const byVerdict = [
    trusted.address,
    randomNodeKey().address,
    suspended.address,
    retired.address,
    relay.address,
    inactive.address,
    untrusted.address,
  ];
  return { ...base, byVerdict };
}

describe("Registry verification", function () {
  describe("verifyNodes", function () {
    it("answers nothing for no nodes", async function () {
      const { registry } = await loadFixture(nodesFixture);
      expect(await verify(registry, [])).to.deep.equal([]);
    });

    it("answers one verdict per node, in order, for every Verdict", async function () {
      const { registry, byVerdict, providerId, otherProviderId } = await loadFixture(everyVerdictFixture);
      expect(await verify(registry, byVerdict, [providerId])).to.deep.equal([
        [true, providerId, Verdict.Trusted],
        [false, 0n, Verdict.NodeUnknown],
        [false, providerId, Verdict.NodeSuspended],
        [false, providerId, Verdict.NodeRetired],
        [false, providerId, Verdict.WrongService],
        [false, otherProviderId, Verdict.ProviderNotActive],
        [false, 4n, Verdict.ProviderNotTrusted],
      ]);
    });

    it("trusts the default providers when the trusted list is empty", async function () {
      const { registry, nodes, otherNode, providerId, otherProviderId } =
        await loadFixture(defaultProviderFixture);
      expect(await verify(registry, [nodes[0].address, otherNode.address])).to.deep.equal([
        [true, providerId, Verdict.Trusted],
        [false, otherProviderId, Verdict.ProviderNotTrusted],
      ]);
    });

    it("trusts no one by default when no provider is default", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      expect(await verify(registry, [nodes[0].address])).to.deep.equal([
        [false, providerId, Verdict.ProviderNotTrusted],
      ]);
    });

    it("trusts exactly the providers of an explicit list, default or not", async function () {
      const { registry, nodes, otherNode, providerId, otherProviderId } =
        await loadFixture(defaultProviderFixture);
      expect(await verify(registry, [nodes[0].address, otherNode.address], [otherProviderId])).to.deep.equal([
        [false, providerId, Verdict.ProviderNotTrusted],
        [true, otherProviderId, Verdict.Trusted],
      ]);
    });

    it("trusts every provider of a longer explicit list", async function () {
      const { registry, nodes, otherNode, providerId, otherProviderId } = await loadFixture(nodesFixture);
      expect(
        await verify(registry, [nodes[0].address, otherNode.address], [9n, otherProviderId, providerId]),
      ).to.deep.equal([
        [true, providerId, Verdict.Trusted],
        [true, otherProviderId, Verdict.Trusted],
      ]);
    });

    it("does not trust a node for another service", async function () {
      const { registry, nodes, providerId } = await loadFixture(nodesFixture);
      expect(await verify(registry, [nodes[0].address], [providerId], RELAY)).to.deep.equal([
        [false, providerId, Verdict.WrongService],
      ]);
    });

    it("stops trusting a default provider's nodes as soon as it is suspended", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(defaultProviderFixture);
      await registry.connect(curator).suspendProvider(providerId, 0);
      expect(await verify(registry, [nodes[0].address])).to.deep.equal([
        [false, providerId, Verdict.ProviderNotActive],
      ]);
    });

    it("stops trusting the nodes of a retired provider", async function () {
      const { registry, owner, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(owner).retireProvider(providerId);
      expect(await verify(registry, [nodes[0].address], [providerId])).to.deep.equal([
        [false, providerId, Verdict.ProviderNotActive],
      ]);
    });

    it("reports the node's own status before its provider's", async function () {
      const { registry, curator, nodes, providerId } = await loadFixture(nodesFixture);
      await registry.connect(curator).suspendNode(nodes[0].address, 0);
      await registry.connect(curator).suspendProvider(providerId, 0);
      expect(await verify(registry, [nodes[0].address], [providerId])).to.deep.equal([
        [false, providerId, Verdict.NodeSuspended],
      ]);
    });

    it(`verifies ${MANY_NODES} nodes in one call`, async function () {
      const { registry, keys, providerId } = await loadFixture(manyNodesFixture);
      const answers = await verify(
        registry,
        keys.map((key) => key.address),
        [providerId],
      );
      expect(answers).to.have.length(MANY_NODES);
      expect(
        answers.every(
          ([trusted, id, verdict]) => trusted && id === providerId && verdict === Verdict.Trusted,
        ),
      ).to.be.true;
    });

    it(`answers each of ${MANY_NODES} nodes on its own under the default providers`, async function () {
      const { registry, curator, keys, providerId } = await loadFixture(manyNodesFixture);
      await registry.connect(curator).setDefaultProvider(providerId, true);
      await registry.connect(curator).suspendNode(keys[100]!.address, 0);
      const addresses = keys.map((key) => key.address);
      addresses[200] = randomNodeKey().address;
      const answers = await verify(registry, addresses);
      expect(answers).to.have.length(MANY_NODES);
      expect(answers[100]).to.deep.equal([false, providerId, Verdict.NodeSuspended]);
      expect(answers[200]).to.deep.equal([false, 0n, Verdict.NodeUnknown]);
      const trusted = answers.filter(([isTrusted]) => isTrusted);
      expect(trusted).to.have.length(MANY_NODES - 2);
    });
  });
});
