import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Wallet } from "ethers";
import { getBytes } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { GasRecorder, mined } from "./recorder.js";
import type { GasMeasurement } from "./recorder.js";
import {
  MAX_BOOTSTRAP_ADDRS,
  MAX_MULTIADDR_BYTES,
  SIGNATURE_DEADLINE,
  bootstrapMultiaddr,
  deployRegistry,
  longestMultiaddr,
  nodeKey,
  registryDomain,
  signNodeConsent,
  signNodeRetirement,
} from "./registry.js";

/** Bootstrap multiaddr measured by {@link measureRegistryWrites}. */
export interface BootstrapSample {
  /** The multiaddr. */
  readonly multiaddr: string;
  /** Its length in bytes. */
  readonly bytes: number;
}

/** What {@link measureRegistryWrites} returns. */
export interface RegistryWrites {
  /** The deployment and every write, in the order they ran. */
  readonly measurements: readonly GasMeasurement[];
  /** The multiaddr the `setNodeBootstrap` figure was measured with. */
  readonly bootstrap: BootstrapSample;
  /** Size of the deployed registry's runtime code, in bytes. */
  readonly deployedBytecodeBytes: number;
}

/**
 * Deploys a registry and measures every write through a provider's and its nodes' lifecycle.
 *
 * The registry is in a steady state before each figure: it already holds a provider, a default
 * provider, and a published bootstrap record, so no figure includes writing a global counter or set
 * length from zero. Every write is its own transaction, so every storage slot starts cold.
 *
 * @param connection - A Hardhat network connection with ethers and the network helpers.
 * @returns The measurements and the multiaddr used.
 */
export async function measureRegistryWrites(connection: NetworkConnection): Promise<RegistryWrites> {
  const { ethers, networkHelpers } = connection;
  const signers = await ethers.getSigners();
  const account = (index: number): HardhatEthersSigner => {
    const signer = signers[index];
    if (signer === undefined) throw new Error(`expected at least ${index + 1} funded accounts`);
    return signer;
  };
  const [
    admin,
    curator,
    owner1,
    operator1,
    owner2,
    operator2,
    applicant3,
    owner4,
    newOwner4,
    relayer,
    operator4,
  ] = [
    account(0),
    account(1),
    account(2),
    account(3),
    account(4),
    account(5),
    account(6),
    account(7),
    account(8),
    account(9),
    account(10),
  ] as const;
  const recorder = new GasRecorder();

  const { registry, gasUsed } = await deployRegistry(ethers, admin.address, [curator.address]);
  recorder.add("deploy Registry (one curator)", gasUsed);
  const deployedBytecodeBytes = getBytes(await ethers.provider.getCode(await registry.getAddress())).length;
  const domain = await registryDomain(registry);
  const deadline = SIGNATURE_DEADLINE;
  const asCurator = registry.connect(curator);
  const nextProviderId = async (): Promise<bigint> => (await registry.providerCount()) + 1n;

  // Steady state: one default provider already exists (P1, which will hold the measured nodes).
  const p1 = await nextProviderId();
  await mined(asCurator.addProvider(owner1.address, "Alpha Mail", "https://alpha-mail.example/waymark.json"));
  await mined(asCurator.setDefaultProvider(p1, true));

  // Providers.
  const p2 = await nextProviderId();
  await recorder.record(
    "applyAsProvider",
    registry.connect(owner2).applyAsProvider("Bravo Relay", "https://bravo-relay.example/waymark.json"),
  );
  await recorder.record("approveProvider", asCurator.approveProvider(p2));

  const p3 = await nextProviderId();
  await mined(
    registry.connect(applicant3).applyAsProvider("Charlie", "https://charlie.example/waymark.json"),
  );
  await recorder.record("rejectProvider", asCurator.rejectProvider(p3, 1));

  const p4 = await nextProviderId();
  await recorder.record(
    "addProvider",
    asCurator.addProvider(owner4.address, "Delta Mail", "https://delta-mail.example/waymark.json"),
  );
  await recorder.record("suspendProvider", asCurator.suspendProvider(p4, 1));
  await recorder.record("reinstateProvider", asCurator.reinstateProvider(p4));
  await recorder.record("setDefaultProvider (on)", asCurator.setDefaultProvider(p4, true));
  await recorder.record("setDefaultProvider (off)", asCurator.setDefaultProvider(p4, false));
  await recorder.record(
    "updateProviderMetadata",
    registry
      .connect(owner4)
      .updateProviderMetadata(p4, "Delta Mail Services", "https://delta-mail.example/waymark-v2.json"),
  );
  await recorder.record(
    "transferProviderOwnership",
    registry.connect(owner4).transferProviderOwnership(p4, newOwner4.address),
  );
  await recorder.record("acceptProviderOwnership", registry.connect(newOwner4).acceptProviderOwnership(p4));
  await recorder.record(
    "setProviderOperator (appoint, after an ownership transfer)",
    registry.connect(newOwner4).setProviderOperator(p4, operator4.address, true),
  );
  await recorder.record(
    "setProviderOperator (appoint)",
    registry.connect(owner1).setProviderOperator(p1, operator1.address, true),
  );
  await mined(registry.connect(owner2).setProviderOperator(p2, operator2.address, true));

  // Nodes. P1 ends with [n1, n2, n3, n6] and P2 with [n4, n5], so that every retirement below
  // retires a node that is not last in its provider's list (the swap-and-pop path). P4, which changed
  // hands above, gets n7 from the operator its new owner appointed.
  const node = (label: string): Wallet => nodeKey(label).connect(ethers.provider);
  const [n1, n2, n3, n4, n5, n6, n7] = [
    node("node-1"),
    node("node-2"),
    node("node-3"),
    node("node-4"),
    node("node-5"),
    node("node-6"),
    node("node-7"),
  ] as const;
  const register = async (key: Wallet, providerId: bigint, sender: HardhatEthersSigner) => {
    const { consent, signature } = await signNodeConsent(registry, domain, key, providerId, deadline);
    return registry.connect(sender).registerNode(consent, signature);
  };

  // The registry's first node of this service also interns the service id: once per service ever.
  await recorder.record("registerNode (first node of a new service, by owner)", register(n1, p1, owner1));
  await recorder.record("registerNode (later node, by owner)", register(n2, p1, owner1));
  await recorder.record("registerNode (later node, by operator)", register(n3, p1, operator1));
  await recorder.record(
    "registerNode (first node of the provider, by operator)",
    register(n4, p2, operator2),
  );
  await recorder.record(
    "registerNode (first node of the provider, by an operator appointed after an ownership transfer)",
    register(n7, p4, operator4),
  );
  await mined(register(n5, p2, owner2));
  await mined(register(n6, p1, owner1));

  // Steady state: the service already has one published bootstrap record (n6).
  await mined(registry.connect(owner1).setNodeBootstrap(n6.address, [bootstrapMultiaddr(n6)]));
  const multiaddr = bootstrapMultiaddr(n3);
  const bytes = Buffer.byteLength(multiaddr, "utf8");
  await recorder.record(
    `setNodeBootstrap (one ${bytes}-byte multiaddr, by owner)`,
    registry.connect(owner1).setNodeBootstrap(n3.address, [multiaddr]),
  );
  await recorder.record(
    "setNodeBootstrap (clear, by owner)",
    registry.connect(owner1).setNodeBootstrap(n3.address, []),
  );

  // The largest record the registry accepts, written into cleared slots, then over itself.
  const longest = (offset: number): string[] =>
    Array.from({ length: MAX_BOOTSTRAP_ADDRS }, (_, i) => longestMultiaddr(n3, offset + i));
  const largest = `${MAX_BOOTSTRAP_ADDRS} × ${MAX_MULTIADDR_BYTES}-byte multiaddrs`;
  await recorder.record(
    `setNodeBootstrap (${largest}, by owner)`,
    registry.connect(owner1).setNodeBootstrap(n3.address, longest(0)),
  );
  await recorder.record(
    `setNodeBootstrap (${largest} replacing ${MAX_BOOTSTRAP_ADDRS} others, by owner)`,
    registry.connect(owner1).setNodeBootstrap(n3.address, longest(MAX_BOOTSTRAP_ADDRS)),
  );

  await recorder.record("suspendNode", asCurator.suspendNode(n5.address, 1));
  await recorder.record("reinstateNode", asCurator.reinstateNode(n5.address));

  await networkHelpers.setBalance(n1.address, 10n ** 18n);
  await recorder.record("retireNode (by node key)", registry.connect(n1).retireNode(n1.address));
  await recorder.record("retireNode (by provider owner)", registry.connect(owner2).retireNode(n4.address));
  const retirement = await signNodeRetirement(registry, domain, n2, deadline);
  await recorder.record(
    "retireNodeWithSignature (relayed)",
    registry.connect(relayer).retireNodeWithSignature(n2.address, deadline, retirement),
  );
  await recorder.record("registerNode (a retired node again, by owner)", register(n1, p1, owner1));

  await recorder.record(
    "setProviderOperator (remove)",
    registry.connect(owner1).setProviderOperator(p1, operator1.address, false),
  );
  await recorder.record("retireProvider", registry.connect(newOwner4).retireProvider(p4));

  return { measurements: recorder.measurements, bootstrap: { multiaddr, bytes }, deployedBytecodeBytes };
}
