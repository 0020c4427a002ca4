import type { Connection, Logger, PeerId, Stream } from "@libp2p/interface";

import type { ErrorFrame } from "../../../client/kernel/protocol/errorFrames.js";
import { recordsErrorCodeName } from "../../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../../client/records/protocol/record.js";
import { recordToWire } from "../../../client/records/protocol/record.js";
import type { SignedRecord as WireRecord } from "../../../client/records/protocol/records.generated.js";
import { admitPeer } from "../../replication/admission.js";
import type { ReconcileResult } from "../../replication/reconcile.js";
import type { CatchUpStatus, ReplicationStatus } from "../../replication/replicator.js";
import { Replicator } from "../../replication/replicator.js";
import { ReplicationServer } from "../../replication/server.js";
import { SyncLimits } from "../../replication/syncLimits.js";
import type { SyncReason } from "../../replication/syncReason.js";
import { StreamCounter } from "../../serving/limits/streamCounter.js";
import type { RequestTimer } from "../../serving/requestDurations.js";
import { serveRequest } from "../../serving/serveRequest.js";
import type { ResolvedRecordsInit } from "../options.js";
import { RECORDS_SERVING_ERRORS } from "../server/servingErrors.js";
import type { RecordsStore } from "../store/types.js";
import { MAX_SYNC_IDS } from "../sync/constants.js";
import { SyncResponse } from "../sync/sync.generated.js";
import { RecordsSyncHandler } from "../sync/syncHandler.js";
import type { RecordSource, RecordsReplicationStatus, RecordsServiceComponents } from "../types.js";
import { recordsReplicationAdapter } from "./adapter.js";
import { RECORDS_REPLICATION_ERRORS } from "./errors.js";
import { recordsSyncTransport } from "./transport.js";

/** What {@link RecordsReplication} needs. */
export interface RecordsReplicationInit {
  components: RecordsServiceComponents;
  init: ResolvedRecordsInit;
  store: RecordsStore;
  log: Logger;
  /** Stops serving when aborted (the service's shutdown). */
  shutdown: AbortSignal;
  /** Records the duration of each node-to-node request answered. */
  timer?: RequestTimer | undefined;
  /** Records newly stored by replication (`replication`: forwarded here; `sync`: pulled). */
  onStored(records: readonly SignedRecord[], source: Exclude<RecordSource, "put">, from: PeerId): void;
  /** A catch-up or anti-entropy round ended. */
  onSynced(peer: PeerId, result: ReconcileResult, reason: SyncReason): void;
  /** A peer the replication policy refuses used the node-to-node protocol. */
  onRefusedPeer(peer: PeerId): void;
}

/**
 * Replication of one records server with the others its replication policy admits, on the
 * replication core: a {@link Replicator} (peers, forwarding of client puts, catch-up before the
 * node announces, anti-entropy) over the records adapter and transport, and the serving side of
 * `/waymark/records/sync/1.0.0`: a stream is counted against the peer's stream limit, then (for a
 * peer not yet known) against its address's admissions, then the policy is asked; only then is
 * the frame read, charged to the peer's quotas and answered.
 */
export class RecordsReplication {
  readonly replicator: Replicator<WireRecord, SignedRecord>;
  private readonly syncLimits: SyncLimits;
  private readonly syncStreams: StreamCounter;
  private readonly handler: RecordsSyncHandler;
  private readonly counts = {
    received: 0,
    pulled: 0,
    syncRequests: 0,
    refusedPeers: 0,
    refused: {} as Record<string, number>,
    syncErrorsByCode: {} as Record<string, number>,
  };

  constructor(private readonly parts: RecordsReplicationInit) {
    const { components, init, store, log } = parts;
    const { limits, clock } = init;
    const adapter = recordsReplicationAdapter({
      store,
      domain: init.domain,
      limits,
      onRefused: (reason) => {
        this.counts.refused[reason] = (this.counts.refused[reason] ?? 0) + 1;
      },
    });
    this.syncLimits = new SyncLimits(limits, clock, RECORDS_REPLICATION_ERRORS);
    this.syncStreams = new StreamCounter(limits.maxSyncStreamsPerPeer, RECORDS_SERVING_ERRORS);
    this.replicator = new Replicator({
      self: components.peerId,
      registrar: components.registrar,
      peerStore: components.peerStore,
      contentRouting: components.contentRouting,
      checkPeers: init.checkPeers,
      serviceKey: init.serviceKey,
      adapter,
      transport: recordsSyncTransport({
        dial: async (peer, options) => components.connectionManager.openConnection(peer, options),
      }),
      limits,
      clock,
      log,
      onPulled: (records, from) => {
        this.counts.pulled += records.length;
        parts.onStored(records, "sync", from);
      },
      onSynced: (peer, result, reason) => {
        parts.onSynced(peer, result, reason);
      },
      onSyncFailed: (peer, reason, error) => {
        log("%s with %p failed: %e", reason, peer, error);
        init.onSyncFailed(peer, reason, error);
      },
    });
    this.handler = new RecordsSyncHandler({
      quotas: this.syncLimits,
      server: new ReplicationServer({
        adapter,
        quotas: this.syncLimits,
        limits,
        maxListedIds: MAX_SYNC_IDS,
        clock,
        onReplicated: (records, from) => {
          this.counts.received += records.length;
          parts.onStored(records, "replication", from);
        },
        onStoreError: (error) => {
          init.onStoreError(error);
        },
      }),
    });
  }

  /** Starts peer discovery, anti-entropy and the heartbeat. */
  async start(): Promise<void> {
    await this.replicator.start();
  }

  /**
   * Queues a record a client put here for every replication peer.
   *
   * @param record - The verified record, as stored.
   */
  forward(record: SignedRecord): void {
    this.replicator.forward(recordToWire(record));
  }

  /** Forgets the quotas of idle peers and addresses. */
  prune(): void {
    this.syncLimits.prune();
  }

  /** Stops every task and records the heartbeat when in sync. */
  async stop(): Promise<void> {
    await this.replicator.stop();
  }

  /**
   * Serves one node-to-node stream.
   *
   * @param stream - The stream.
   * @param connection - Its connection.
   * @returns Resolves when the stream is answered and closed.
   */
  async serve(stream: Stream, connection: Connection): Promise<void> {
    const { init, log } = this.parts;
    const remote = connection.remotePeer;
    const peer = remote.toString();
    let origin: string | undefined;
    return serveRequest(
      stream,
      {
        maxFrameBytes: init.limits.maxSyncFrameBytes,
        timeoutMs: init.limits.requestTimeoutMs,
        shutdown: this.parts.shutdown,
        timer: this.parts.timer,
        errors: RECORDS_SERVING_ERRORS,
        encodeError: (error) => SyncResponse.encode({ error }),
        onError: (frame) => {
          this.counted(frame);
        },
        log,
      },
      {
        // Everything that costs nothing comes first: the stream count, then (for a peer not yet
        // known as a replication peer) its address's admission quota; only then the registry.
        admit: async (signal) => {
          this.syncStreams.acquire(peer);
          try {
            ({ origin } = await admitPeer(
              {
                peers: this.replicator.peers,
                quotas: this.syncLimits,
                checkPeers: init.checkPeers,
                errors: RECORDS_REPLICATION_ERRORS,
                label: "records server",
                onRefused: (refused, reason) => {
                  this.counts.refusedPeers += 1;
                  log("refused node-to-node traffic from %p: %s", refused, reason);
                  this.parts.onRefusedPeer(refused);
                },
              },
              remote,
              connection.remoteAddr,
              signal,
            ));
          } catch (err) {
            this.syncStreams.release(peer);
            throw err;
          }
        },
        release: () => {
          this.syncStreams.release(peer);
        },
        handle: async (frame, signal) => {
          this.counts.syncRequests += 1;
          return this.handler.handle(frame, { peer: remote, origin }, { signal });
        },
      },
    );
  }

  /** Catch-up and replication figures for the status. */
  status(): { catchUp: CatchUpStatus; replication: RecordsReplicationStatus } {
    const { catchUp, replication } = this.replicator.status();
    return { catchUp, replication: this.figures(replication) };
  }

  private figures(core: ReplicationStatus): RecordsReplicationStatus {
    const { counts } = this;
    return {
      ...core,
      received: counts.received,
      pulled: counts.pulled,
      syncRequests: counts.syncRequests,
      refusedPeers: counts.refusedPeers,
      refused: { ...counts.refused },
      syncErrorsByCode: { ...counts.syncErrorsByCode },
    };
  }

  private counted(frame: ErrorFrame): void {
    const code = recordsErrorCodeName(frame.code);
    this.counts.syncErrorsByCode[code] = (this.counts.syncErrorsByCode[code] ?? 0) + 1;
  }
}
