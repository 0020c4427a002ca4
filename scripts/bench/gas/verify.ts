import type { NetworkConnection } from "hardhat/types/network";

import { mined } from "./recorder.js";
import {
  MAIL_SERVICE,
  SIGNATURE_DEADLINE,
  deployRegistry,
  nodeKey,
  registryDomain,
  signNodeConsent,
} from "./registry.js";

/** Numbers of registered nodes `verifyNodes` is measured with. */
export const VERIFY_SIZES: readonly number[] = [1, 16, 64, 256];

/** Providers the measured nodes are spread over, round robin. */
export const VERIFY_PROVIDERS = 4;

/** Intrinsic gas of every transaction, which `eth_estimateGas` includes for a call too. */
export const TX_BASE_GAS = 21_000n;

/** The trust policy a `verifyNodes` figure was measured under. */
export type VerifyPolicy = "default providers" | "explicit trusted list";

/** One `verifyNodes` figure. */
export interface VerifyNodesMeasurement {
  /** Nodes verified in the call, all registered and trusted. */
  readonly nodes: number;
  /** `default providers` passes an empty list; `explicit trusted list` passes every provider id. */
  readonly policy: VerifyPolicy;
  /** `eth_estimateGas` of the call: the 21,000 base, calldata and execution. */
  readonly totalGas: bigint;
  /** `totalGas / nodes`, rounded. */
  readonly perNode: number;
  /** `(totalGas - 21,000) / nodes`, rounded. */
  readonly perNodeExcludingBase: number;
}

/**
 * Deploys a registry with {@link VERIFY_PROVIDERS} active default providers and the largest of
 * {@link VERIFY_SIZES} nodes spread over them, then estimates `verifyNodes` for each size under
 * both trust policies. Every node in every call is trusted, so each one runs the full check.
 *
 * @param connection - A Hardhat network connection with ethers.
 * @returns One measurement per size and policy.
 * @throws Error when a measured node does not verify as trusted.
 */
export async function measureVerifyNodes(connection: NetworkConnection): Promise<VerifyNodesMeasurement[]> {
  const { ethers } = connection;
  const signers = await ethers.getSigners();
  const [admin, curator] = signers;
  const owners = signers.slice(10, 10 + VERIFY_PROVIDERS);
  if (admin === undefined || curator === undefined || owners.length < VERIFY_PROVIDERS) {
    throw new Error(`expected at least ${10 + VERIFY_PROVIDERS} funded accounts`);
  }
  const { registry } = await deployRegistry(ethers, admin.address, [curator.address]);
  const domain = await registryDomain(registry);
  const deadline = SIGNATURE_DEADLINE;

  const providerIds: bigint[] = [];
  for (const owner of owners) {
    const providerId = (await registry.providerCount()) + 1n;
    await mined(registry.connect(curator).addProvider(owner.address, `Provider ${providerId}`, ""));
    await mined(registry.connect(curator).setDefaultProvider(providerId, true));
    providerIds.push(providerId);
  }

  const nodes: string[] = [];
  const largest = Math.max(...VERIFY_SIZES);
  for (let i = 0; i < largest; ++i) {
    const slot = i % VERIFY_PROVIDERS;
    const owner = owners[slot];
    const providerId = providerIds[slot];
    if (owner === undefined || providerId === undefined) throw new Error(`no provider for node ${i}`);
    const key = nodeKey(`verify-${i}`);
    const { consent, signature } = await signNodeConsent(registry, domain, key, providerId, deadline);
    await mined(registry.connect(owner).registerNode(consent, signature));
    nodes.push(key.address);
  }

  const policies: readonly (readonly [VerifyPolicy, bigint[]])[] = [
    ["default providers", []],
    ["explicit trusted list", providerIds],
  ];
  const measurements: VerifyNodesMeasurement[] = [];
  for (const size of VERIFY_SIZES) {
    const batch = nodes.slice(0, size);
    for (const [policy, trusted] of policies) {
      const results = await registry.verifyNodes(batch, MAIL_SERVICE, trusted);
      const untrusted = results.findIndex((result) => !result.trusted);
      if (untrusted !== -1) throw new Error(`node ${batch[untrusted]} did not verify under ${policy}`);
      const totalGas = await registry.verifyNodes.estimateGas(batch, MAIL_SERVICE, trusted);
      measurements.push({
        nodes: size,
        policy,
        totalGas,
        perNode: Math.round(Number(totalGas) / size),
        perNodeExcludingBase: Math.round(Number(totalGas - TX_BASE_GAS) / size),
      });
    }
  }
  return measurements;
}
