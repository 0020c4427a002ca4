import type {
  AbortOptions,
  ComponentLogger,
  Connection,
  ContentRouting,
  PeerId,
  PeerStore,
  StreamHandler,
  StreamHandlerOptions,
  Topology,
  TypedEventTarget,
} from "@libp2p/interface";

import type { Multiaddr } from "@multiformats/multiaddr";

import type { MailEnvelope } from "../../client/mail/protocol/envelope.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { ReconcileResult } from "../replication/reconcile.js";
import type { CatchUpStatus, ReplicationStatus } from "../replication/replicator.js";
import type { SyncReason } from "../replication/syncReason.js";

/** The libp2p components the mail service uses. */
export interface MailServiceComponents {
  peerId: PeerId;
  logger: ComponentLogger;
  registrar: {
    handle(protocol: string, handler: StreamHandler, options?: StreamHandlerOptions): Promise<void>;
    unhandle(protocol: string, options?: AbortOptions): Promise<void>;
    register(protocol: string, topology: Topology): Promise<string>;
    unregister(id: string): void;
  };
  connectionManager: {
    openConnection(peer: PeerId | Multiaddr | Multiaddr[], options?: AbortOptions): Promise<Connection>;
  };
  peerStore: Pick<PeerStore, "all">;
  contentRouting?: Pick<ContentRouting, "findProviders"> | undefined;
}

/** Where a stored envelope came from. */
export type EnvelopeSource = "push" | "replication" | "sync";

/** Events of the mail service. */
export interface MailServiceEvents {
  /** An envelope was newly committed (a duplicate is not). */
  "envelope:stored": CustomEvent<{
    envelope: MailEnvelope;
    source: EnvelopeSource;
    from: PeerId | undefined;
  }>;
  /** A catch-up or anti-entropy round with a registered mail server finished. */
  "sync:completed": CustomEvent<{ peer: PeerId; reason: SyncReason; result: ReconcileResult }>;
  /** A catch-up or anti-entropy round with a peer failed; the node goes on with other peers. */
  "sync:failed": CustomEvent<{ peer: PeerId | undefined; reason: SyncReason; error: Error }>;
  /** A peer the node does not replicate with tried the node-to-node protocol and was refused. */
  "sync:refused": CustomEvent<{ peer: PeerId }>;
}

/** What `/status` shows for the mail service. */
export interface MailStatus extends Record<string, unknown> {
  /** Envelopes held. */
  messages: number;
  /** Envelope bytes held, as counted against `maxStoreBytes`. */
  bytes: number;
  /** Timestamps of the oldest and newest envelope held, in ms. */
  oldestTimestamp: number | undefined;
  newestTimestamp: number | undefined;
  /** Envelopes at or below this timestamp were evicted for space. */
  evictionFloor: number | undefined;
  /** True once the start-up catch-up has ended. */
  ready: boolean;
  catchUp: CatchUpStatus;
  replication: ReplicationStatus;
  /** Requests answered since start. */
  requests: MailRequestCounts;
  /** Envelopes newly stored since start, by where they came from (duplicates are not counted). */
  stored: Record<EnvelopeSource, number>;
}

/** Requests a mail service answered since start. */
export interface MailRequestCounts {
  /** Pushes acknowledged. */
  pushes: number;
  /** History queries answered with a page. */
  queries: number;
  /** Node-to-node requests answered. */
  sync: number;
  /** Requests answered with an error, of every kind. */
  errors: number;
  /** The same errors by code name (`RATE_LIMITED`, `TOO_LARGE`, …); codes never answered are absent. */
  errorsByCode: Record<string, number>;
}

/** The mail service runtime: the node daemon awaits `ready()` and shows `status()`. */
export interface MailService extends NodeServiceRuntime, TypedEventTarget<MailServiceEvents> {
  /**
   * Resolves when the start-up catch-up has ended (caught up, or no registered mail server
   * appeared within `catchUpWaitMs`).
   */
  ready(options?: AbortOptions): Promise<void>;
  /** Messages stored, bytes, oldest/newest timestamp, replication lag and more. */
  status(): MailStatus;
  /**
   * Deletes expired envelopes now (it also runs every `expiryIntervalMs`).
   *
   * @returns How many were deleted.
   */
  expire(options?: AbortOptions): Promise<number>;
  /**
   * Runs an anti-entropy round now (it also runs every `antiEntropyIntervalMs`).
   *
   * @returns What it pulled, or undefined when no registered mail server is known.
   */
  antiEntropy(options?: AbortOptions): Promise<ReconcileResult | undefined>;
}
