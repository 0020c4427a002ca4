import type { AbortOptions, PeerId } from "@libp2p/interface";
import type { ServiceFactoryMap } from "libp2p";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import type { ServiceScope } from "../../client/kernel/service/serviceKey.js";
import type { StoreLockState } from "../store/storeLock.js";

/** What the node's replication policy says of one peer. */
export interface PeerVerdict {
  /**
   * True when the node replicates with the peer: a node registered and active for the same
   * service, under an active provider the policy admits, and not excluded.
   */
  allowed: boolean;
  /**
   * Why: the registry's verdict (`Trusted`, `ProviderNotTrusted`, `NodeUnknown`, `NodeSuspended`,
   * …), or the policy's own (`ExcludedProvider`, `ExcludedNode`, `NoNodeAddress`, `Unverified`
   * when the registry could not be asked).
   */
  reason: string;
  /** The peer's provider, when the registry knows the peer. */
  providerId: bigint | undefined;
  /** True when the peer belongs to the node's own provider (same operator). */
  ownProvider: boolean;
}

/**
 * Checks peers against the node's replication policy: one registry call for any number of peers,
 * answers cached; fails closed (`allowed: false`, reason `Unverified`) when the registry cannot be
 * asked and no recent answer exists.
 */
export type PeerPolicyCheck = (peers: readonly PeerId[], options?: AbortOptions) => Promise<PeerVerdict[]>;

/**
 * What the daemon hands a service module when it builds the node: where to keep data, how to log,
 * and how to tell whether a peer is a node the service should replicate with.
 */
export interface NodeServiceContext {
  /** The service's own folder inside the node's data directory (created before `create`). */
  dataDir: string;
  /** A pino logger scoped to the service. */
  logger: Logger;
  /** Chain, registry and service this node announces under. */
  scope: ServiceScope;
  /** Checks peers against the node's replication policy (`replicateWith` and its exclusions). */
  checkPeers: PeerPolicyCheck;
  /** The registry connection, when the chain was reachable at start. */
  registry: RegistryClient | undefined;
  /** The service's section of the node configuration, unvalidated: the module validates it. */
  options: Record<string, unknown>;
}

/** What a mounted service reports and awaits, beyond libp2p's start/stop. */
export interface NodeServiceRuntime {
  /**
   * Resolves when the node may announce the service (for example once it has caught up with its
   * peers). The daemon announces only after this.
   */
  ready(options?: AbortOptions): Promise<void>;
  /** Fields shown under the service's name in `/status`. */
  status(): Record<string, unknown>;
  /**
   * The lock the service's store holds, for a store that takes one (PostgreSQL: its schema lock):
   * `/status` shows it under the service's `store`, and `/healthz` fails once it is lost. Undefined
   * while the store is not open; a service whose stores take no lock leaves it out.
   */
  storeLock?(): StoreLockState | undefined;
  /**
   * Adds the service's own metrics (named `waymark_<service>_…`) to the registry `/metrics`
   * serves; called once, after the host is created.
   */
  registerMetrics?(registry: Registry): void;
}

/**
 * A service a node can serve (mail now, others later): a registry service name and the libp2p
 * services that implement it. The daemon mounts them beside identify, ping and the DHT.
 */
export interface NodeServiceModule {
  /** Registry service name, e.g. `mail/1`. */
  readonly service: string;
  /** The libp2p service key of the runtime that implements {@link NodeServiceRuntime}. */
  readonly runtimeKey: string;
  /**
   * Builds the libp2p services; the entry under `runtimeKey` must implement
   * {@link NodeServiceRuntime}.
   *
   * @param context - Data folder, logger, scope and peer check.
   * @returns The libp2p service factories to mount.
   */
  create(context: NodeServiceContext): ServiceFactoryMap<Record<string, unknown>>;
}
