import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { trustedNodeBound } from "../../client/discovery/trustedNodeBound.js";
import type { ResolvedTrustPolicy } from "../../client/options/index.js";
import { TestNetwork } from "./network.js";

describe("the bound on the nodes a trust policy can trust", () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await TestNetwork.start();
  });
  afterEach(async () => {
    await network.stop();
  });

  function policy(overrides: Partial<ResolvedTrustPolicy> = {}): ResolvedTrustPolicy {
    return { providers: "default", excludeProviders: new Set(), excludeNodes: new Set(), ...overrides };
  }

  it("sums the node counts of the default providers, or of those named, less the excluded ones", async () => {
    const byDefault = await network.addProvider();
    const other = await network.addProvider({ isDefault: false });
    await network.startNode({ providerId: byDefault, provide: false });
    await network.startNode({ providerId: byDefault, provide: false });
    await network.startNode({ providerId: other, provide: false });
    const registry = network.curator;

    expect(await trustedNodeBound(registry, policy())).toBe(2);
    expect(await trustedNodeBound(registry, policy({ providers: [other] }))).toBe(1);
    expect(await trustedNodeBound(registry, policy({ providers: [byDefault, other] }))).toBe(3);
    expect(await trustedNodeBound(registry, policy({ excludeProviders: new Set([byDefault]) }))).toBe(0);
  });

  it("gives no bound when a quorum of curators decides", async () => {
    await network.addProvider();
    const quorum = { quorum: 1, registries: [] } as unknown as ResolvedTrustPolicy["quorum"];
    expect(await trustedNodeBound(network.curator, policy({ quorum }))).toBeUndefined();
  });
});
