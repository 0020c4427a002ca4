import type { AbortOptions, Connection, Logger, Startable, Stream } from "@libp2p/interface";
import type { PeerId } from "@libp2p/interface";
import { TypedEventEmitter, serviceCapabilities, serviceDependencies } from "@libp2p/interface";
import type { Registry } from "prom-client";

import type { ErrorFrame } from "../../client/kernel/protocol/errorFrames.js";
import { RECORDS_PROTOCOL_1_0, RECORDS_PROTOCOL_1_1 } from "../../client/records/protocol/constants.js";
import { RecordsUnavailableError, recordsErrorCodeName } from "../../client/records/protocol/errors.js";
import type { SignedRecord } from "../../client/records/protocol/record.js";
import { Response } from "../../client/records/protocol/records.generated.js";
import type { ClientProtocolVersions } from "../serving/protocolHandlers.js";
import {
  handleClientProtocol,
  muxerStreamLimit,
  unhandleClientProtocol,
} from "../serving/protocolHandlers.js";
import { RequestDurations } from "../serving/requestDurations.js";
import type { RequestHandlers } from "../serving/serveRequest.js";
import { serveRequest } from "../serving/serveRequest.js";
import type { ServeSessionInit } from "../serving/serveSession.js";
import { serveSession } from "../serving/serveSession.js";
import type { StoreLockState } from "../store/storeLock.js";
import { RECORDS_LOG_COMPONENT, RECORDS_PRUNE_INTERVAL_MS } from "./constants.js";
import type { ReconcileResult } from "../replication/reconcile.js";
import { RecordsLimiter } from "./limits/recordsLimits.js";
import { registerRecordsMetrics } from "./metrics.js";
import type { RecordsLimits, ResolvedRecordsInit } from "./options.js";
import { RecordsReplication } from "./replication/recordsReplication.js";
import type { RecordsOrigin, RecordsRequestKind } from "./server/handlers/types.js";
import { RecordsRequestHandler } from "./server/requestHandler.js";
import { RECORDS_SERVING_ERRORS } from "./server/servingErrors.js";
import { recordsStatus } from "./status.js";
import { openRecordsStore } from "./store/open.js";
import type { RecordsStore } from "./store/types.js";
import { RECORDS_SYNC_PROTOCOL_1_0 } from "./sync/constants.js";
import type {
  RecordSource,
  RecordsKindCounts,
  RecordsService,
  RecordsServiceComponents,
  RecordsServiceEvents,
  RecordsStatus,
} from "./types.js";

/** The client protocol's versions the service serves: streams of many requests, and of one. */
const CLIENT_PROTOCOL: ClientProtocolVersions = {
  session: RECORDS_PROTOCOL_1_1,
  single: RECORDS_PROTOCOL_1_0,
};

/** What a running service holds; created at start, released at stop. */
interface Running {
  store: RecordsStore;
  handler: RecordsRequestHandler;
  replication: RecordsReplication;
  shutdown: AbortController;
  timers: ReturnType<typeof setInterval>[];
  active: Set<Promise<void>>;
}

/** Codes that are the node's own state rather than a refusal of the request. */
const NOT_REFUSALS = new Set(["INTERNAL", "UNAVAILABLE", "UNKNOWN"]);

/** The records service behind {@link recordsService}. */
export class DefaultRecordsService
  extends TypedEventEmitter<RecordsServiceEvents>
  implements RecordsService, Startable
{
  readonly [Symbol.toStringTag] = "@waymark/records";
  readonly [serviceCapabilities]: string[] = ["@waymark/records"];
  readonly [serviceDependencies]: string[] = ["@libp2p/identify"];

  private readonly log: Logger;
  private readonly limits: RecordsLimits;
  private readonly limiter: RecordsLimiter;
  private readonly requests: Record<RecordsRequestKind, RecordsKindCounts> = {
    put: { ok: 0, error: 0 },
    get: { ok: 0, error: 0 },
    list: { ok: 0, error: 0 },
  };
  private readonly errorsByCode: Record<string, number> = {};
  private readonly refusals: Record<string, number> = {};
  private readonly storedCounts: Record<RecordSource, number> = { put: 0, replication: 0, sync: 0 };
  private readonly durations = new RequestDurations("records");
  private running: Running | undefined;
  private isReady = false;

  constructor(
    private readonly components: RecordsServiceComponents,
    private readonly init: ResolvedRecordsInit,
  ) {
    super();
    this.log = components.logger.forComponent(RECORDS_LOG_COMPONENT);
    this.limits = init.limits;
    this.limiter = new RecordsLimiter(init.limits, init.clock);
  }

  async start(): Promise<void> {
    const { limits, clock } = this.init;
    const store = await (this.init.openStore?.() ?? openRecordsStore(this.init));
    const shutdown = new AbortController();
    const replication = new RecordsReplication({
      components: this.components,
      init: this.init,
      store,
      log: this.log,
      shutdown: shutdown.signal,
      timer: this.durations.timer("node"),
      onStored: (records, source, from) => {
        for (const record of records) this.stored(record, source, from);
      },
      onSynced: (peer, result, reason) =>
        this.safeDispatchEvent("sync:completed", { detail: { peer, reason, result } }),
      onRefusedPeer: (peer) => this.safeDispatchEvent("sync:refused", { detail: { peer } }),
    });
    const running: Running = {
      store,
      replication,
      handler: new RecordsRequestHandler({
        limits,
        limiter: this.limiter,
        store,
        domain: this.init.domain,
        clock,
        onStored: (record, origin) => {
          this.stored(record, "put", origin.peer);
          replication.forward(record);
        },
        onStoreError: this.init.onStoreError,
        onAnswered: (kind, outcome) => {
          this.requests[kind][outcome] += 1;
        },
      }),
      shutdown,
      timers: [],
      active: new Set(),
    };
    this.running = running;
    await handleClientProtocol(
      this.components.registrar,
      CLIENT_PROTOCOL,
      (stream, connection, session) => {
        this.onStream(stream, connection, session);
      },
      limits.maxStreamsPerPeer,
    );
    await this.components.registrar.handle(
      RECORDS_SYNC_PROTOCOL_1_0,
      (stream, connection) => {
        this.onSyncStream(stream, connection);
      },
      {
        maxInboundStreams: muxerStreamLimit(limits.maxSyncStreamsPerPeer),
        maxOutboundStreams: muxerStreamLimit(limits.maxSyncStreamsPerPeer),
      },
    );
    await replication.start();
    running.timers.push(
      setInterval(() => {
        void this.sweep().catch((err: unknown) => {
          this.log.error("sweep failed: %e", err);
        });
      }, limits.sweepIntervalMs),
      setInterval(() => {
        this.limiter.prune();
        replication.prune();
      }, RECORDS_PRUNE_INTERVAL_MS),
    );
    for (const timer of running.timers) timer.unref();
    this.log("records service started, %d records held", store.usage().records);
  }

  afterStart(): void {
    const running = this.running;
    if (running === undefined) return;
    running.replication.replicator.startCatchUp();
    void running.replication.replicator.ready().then(() => {
      if (this.running === running) this.isReady = true;
    });
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.shutdown.abort();
    for (const timer of running.timers) clearInterval(timer);
    await unhandleClientProtocol(this.components.registrar, CLIENT_PROTOCOL);
    await this.components.registrar.unhandle(RECORDS_SYNC_PROTOCOL_1_0);
    await running.replication.stop();
    await Promise.allSettled([...running.active]);
    await running.store.close();
    this.running = undefined;
    this.isReady = false;
    this.log("records service stopped");
  }

  async ready(options: AbortOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    await this.requireRunning().replication.replicator.ready(options);
  }

  async antiEntropy(options: AbortOptions = {}): Promise<ReconcileResult | undefined> {
    return this.requireRunning().replication.replicator.antiEntropy(options);
  }

  status(): RecordsStatus {
    return recordsStatus({
      usage: this.running?.store.usage(),
      capacity: this.limits.maxStoreBytes,
      stored: this.storedCounts,
      requests: this.requests,
      errorsByCode: this.errorsByCode,
      refusals: this.refusals,
      ready: this.isReady,
      sync: this.running?.replication.status(),
    });
  }

  storeLock(): StoreLockState | undefined {
    return this.running?.store.lockState?.();
  }

  registerMetrics(registry: Registry): void {
    registerRecordsMetrics(registry, () => this.status());
    this.durations.register(registry);
  }

  async sweep(options: AbortOptions = {}): Promise<number> {
    try {
      options.signal?.throwIfAborted();
      const removed = await this.requireRunning().store.sweep();
      if (removed > 0) this.log("swept %d expired records", removed);
      return removed;
    } catch (err) {
      throw toError(err);
    }
  }

  /** Serves a client stream: one request (`/1.0.0`) or a session of several in turn (`/1.1.0`). */
  private onStream(stream: Stream, connection: Connection, session: boolean): void {
    const running = this.running;
    if (running === undefined) {
      stream.abort(new RecordsUnavailableError("The records service is not running"));
      return;
    }
    const origin: RecordsOrigin = {
      peer: connection.remotePeer,
      peerKey: connection.remotePeer.toString(),
      remoteAddr: connection.remoteAddr,
    };
    const serving: ServeSessionInit = {
      maxFrameBytes: this.limits.maxFrameBytes,
      timeoutMs: this.limits.requestTimeoutMs,
      idleTimeoutMs: this.limits.sessionIdleTimeoutMs,
      shutdown: running.shutdown.signal,
      timer: this.durations.timer("client"),
      errors: RECORDS_SERVING_ERRORS,
      encodeError: (error) => Response.encode({ error }),
      onError: (frame) => {
        this.counted(frame);
      },
      log: this.log,
    };
    const handlers: RequestHandlers = {
      admit: () => {
        this.limiter.streams.acquire(origin.peerKey);
      },
      release: () => {
        this.limiter.streams.release(origin.peerKey);
      },
      handle: async (frame) => running.handler.handle(frame, origin),
    };
    this.track(
      running,
      session ? serveSession(stream, serving, handlers, connection) : serveRequest(stream, serving, handlers),
    );
  }

  private onSyncStream(stream: Stream, connection: Connection): void {
    const running = this.running;
    if (running === undefined) {
      stream.abort(new RecordsUnavailableError("The records service is not running"));
      return;
    }
    this.track(running, running.replication.serve(stream, connection));
  }

  private track(running: Running, work: Promise<void>): void {
    running.active.add(work);
    void work
      .catch((err: unknown) => {
        this.log.error("stream handler failed: %e", err);
      })
      .finally(() => running.active.delete(work));
  }

  /** Counts an error answered, by code and (for refusals) by the limit or rule that refused. */
  private counted(frame: ErrorFrame): void {
    const code = recordsErrorCodeName(frame.code);
    this.errorsByCode[code] = (this.errorsByCode[code] ?? 0) + 1;
    if (NOT_REFUSALS.has(code)) return;
    const reason = frame.limit !== "" ? frame.limit : code.toLowerCase();
    this.refusals[reason] = (this.refusals[reason] ?? 0) + 1;
  }

  private stored(record: SignedRecord, source: RecordSource, from: PeerId): void {
    this.storedCounts[source] += 1;
    this.safeDispatchEvent("record:stored", {
      detail: { owner: record.owner, name: record.name, sequence: record.sequence, record, source, from },
    });
  }

  private requireRunning(): Running {
    if (this.running === undefined) throw new RecordsUnavailableError("The records service is not running");
    return this.running;
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
