import type { AbortOptions, Connection, Logger, PeerId, Startable, Stream } from "@libp2p/interface";
import { TypedEventEmitter, serviceCapabilities, serviceDependencies } from "@libp2p/interface";
import type { Registry } from "prom-client";

import { MAIL_PROTOCOL_1_0, MAIL_PROTOCOL_1_1 } from "../../client/mail/protocol/constants.js";
import { toWire } from "../../client/mail/protocol/envelope.js";
import { MailUnavailableError, mailErrorCodeName } from "../../client/mail/protocol/errors.js";
import { Response } from "../../client/mail/protocol/mail.generated.js";
import type { ClientProtocolVersions } from "../serving/protocolHandlers.js";
import {
  handleClientProtocol,
  muxerStreamLimit,
  unhandleClientProtocol,
} from "../serving/protocolHandlers.js";
import { StreamCounter } from "../serving/limits/streamCounter.js";
import type { StoreLockState } from "../store/storeLock.js";
import type { RequestHandlers, ServeRequestInit } from "../serving/serveRequest.js";
import { RequestDurations } from "../serving/requestDurations.js";
import { serveRequest } from "../serving/serveRequest.js";
import type { ServeSessionInit } from "../serving/serveSession.js";
import { serveSession } from "../serving/serveSession.js";
import { MAIL_LOG_COMPONENT } from "./constants.js";
import { registerMailAuditMetrics } from "./audit/metrics.js";
import { IDLE_AUDIT_STATUS, MailPeerAuditor } from "./audit/peerAuditor.js";
import { registerMailMetrics } from "./metrics.js";
import { PeerLimits } from "./limits/peerLimits.js";
import { SyncLimits } from "../replication/syncLimits.js";
import type { Envelope } from "../../client/mail/protocol/mail.generated.js";
import { admitPeer } from "../replication/admission.js";
import type { ReconcileResult } from "../replication/reconcile.js";
import { Replicator } from "../replication/replicator.js";
import type { MailLimits, ResolvedMailInit } from "./options.js";
import { MAIL_REPLICATION_ERRORS, mailReplicationAdapter } from "./replication/adapter.js";
import { mailSyncTransport } from "./replication/transport.js";
import { ClientHandler } from "./server/clientHandler.js";
import { MAIL_SERVING_ERRORS } from "./server/servingErrors.js";
import { mailStatus } from "./status.js";
import { openMailStore } from "./store/open.js";
import type { MailStore, StoredEnvelope } from "./store/types.js";
import { MAIL_SYNC_PROTOCOL_1_0 } from "./sync/constants.js";
import { SyncResponse } from "./sync/sync.generated.js";
import { SyncHandler } from "./sync/syncHandler.js";
import type {
  EnvelopeSource,
  MailService,
  MailServiceComponents,
  MailRequestCounts,
  MailServiceEvents,
  MailStatus,
} from "./types.js";

/** The client protocol's versions the service serves: streams of many requests, and of one. */
const CLIENT_PROTOCOL: ClientProtocolVersions = { session: MAIL_PROTOCOL_1_1, single: MAIL_PROTOCOL_1_0 };

/** What a running service holds; created at start, released at stop. */
interface Running {
  store: MailStore;
  replicator: Replicator<Envelope, StoredEnvelope>;
  client: ClientHandler;
  sync: SyncHandler;
  auditor: MailPeerAuditor;
  shutdown: AbortController;
  /** How each protocol's streams are served (limits, errors, metrics), built once. */
  serving: { client: ServeRequestInit; session: ServeSessionInit; sync: ServeRequestInit };
  timers: ReturnType<typeof setInterval>[];
  active: Set<Promise<void>>;
}

/** The mail service behind {@link mailService}. */
export class DefaultMailService
  extends TypedEventEmitter<MailServiceEvents>
  implements MailService, Startable
{
  readonly [Symbol.toStringTag] = "@waymark/mail";
  readonly [serviceCapabilities]: string[] = ["@waymark/mail"];
  readonly [serviceDependencies]: string[] = ["@libp2p/identify"];

  private readonly log: Logger;
  private readonly limits: MailLimits;
  private readonly peerLimits: PeerLimits;
  private readonly syncLimits: SyncLimits;
  private readonly syncStreams: StreamCounter;
  private readonly counters: MailRequestCounts = {
    pushes: 0,
    queries: 0,
    sync: 0,
    errors: 0,
    errorsByCode: {},
  };
  private readonly storedCounts: Record<EnvelopeSource, number> = { push: 0, replication: 0, sync: 0 };
  private readonly durations = new RequestDurations("mail");
  private running: Running | undefined;
  private isReady = false;

  constructor(
    private readonly components: MailServiceComponents,
    private readonly init: ResolvedMailInit,
  ) {
    super();
    this.log = components.logger.forComponent(MAIL_LOG_COMPONENT);
    this.limits = init.limits;
    this.peerLimits = new PeerLimits(init.limits, init.clock);
    this.syncLimits = new SyncLimits(init.limits, init.clock, MAIL_REPLICATION_ERRORS);
    this.syncStreams = new StreamCounter(init.limits.maxSyncStreamsPerPeer, MAIL_SERVING_ERRORS);
  }

  async start(): Promise<void> {
    const { limits, clock } = this.init;
    const store = await (this.init.openStore?.() ?? openMailStore(this.init));
    const replicator = new Replicator({
      self: this.components.peerId,
      registrar: this.components.registrar,
      peerStore: this.components.peerStore,
      contentRouting: this.components.contentRouting,
      checkPeers: this.init.checkPeers,
      serviceKey: this.init.serviceKey,
      adapter: mailReplicationAdapter({ store, limits }),
      transport: mailSyncTransport({
        dial: async (peer, options) => this.components.connectionManager.openConnection(peer, options),
      }),
      limits,
      clock,
      log: this.log,
      onPulled: (envelopes, from) => {
        this.stored(envelopes, "sync", from);
      },
      onSynced: (peer, result, reason) =>
        this.safeDispatchEvent("sync:completed", { detail: { peer, reason, result } }),
      onSyncFailed: (peer, reason, error) => {
        this.log("%s with %p failed: %e", reason, peer, error);
        this.init.onSyncFailed(peer, reason, error);
        this.safeDispatchEvent("sync:failed", { detail: { peer, reason, error } });
      },
    });
    const shutdown = new AbortController();
    const clientServing = this.serveInit(shutdown.signal, limits.maxFrameBytes, Response.encode, "client");
    const running: Running = {
      store,
      replicator,
      client: new ClientHandler({
        limits,
        peerLimits: this.peerLimits,
        store,
        clock,
        onAnswered: (kind) => (this.counters[kind === "push" ? "pushes" : "queries"] += 1),
        onStored: (envelope) => {
          this.stored([envelope], "push", undefined);
          replicator.forward(toWire(envelope));
        },
        onStoreError: this.init.onStoreError,
      }),
      sync: new SyncHandler({
        limits,
        store,
        quotas: this.syncLimits,
        clock,
        onReplicated: (envelopes, from) => {
          replicator.noteReplicated(envelopes);
          this.stored(envelopes, "replication", from);
        },
        onStoreError: this.init.onStoreError,
      }),
      auditor: new MailPeerAuditor({
        self: this.components.peerId,
        store,
        host: {
          dial: async (peer, options) => this.components.connectionManager.openConnection(peer, options),
        },
        peers: () =>
          replicator.peers.known().map((peer) => ({
            peer,
            providerId: replicator.peers.get(peer)?.verdict.providerId?.toString(),
          })),
        limits,
        clock,
        log: this.log,
      }),
      shutdown,
      serving: {
        client: clientServing,
        session: { ...clientServing, idleTimeoutMs: limits.sessionIdleTimeoutMs },
        sync: this.serveInit(shutdown.signal, limits.maxSyncFrameBytes, SyncResponse.encode, "node"),
      },
      timers: [],
      active: new Set(),
    };
    this.running = running;
    await handleClientProtocol(
      this.components.registrar,
      CLIENT_PROTOCOL,
      (stream, connection, session) => {
        this.onClientStream(stream, connection, session);
      },
      limits.maxStreamsPerPeer,
    );
    await this.components.registrar.handle(
      MAIL_SYNC_PROTOCOL_1_0,
      (stream, connection) => {
        this.onSyncStream(stream, connection);
      },
      {
        maxInboundStreams: muxerStreamLimit(limits.maxSyncStreamsPerPeer),
        maxOutboundStreams: muxerStreamLimit(limits.maxSyncStreamsPerPeer),
      },
    );
    await replicator.start();
    running.auditor.start();
    running.timers.push(
      setInterval(
        () =>
          void this.expire().catch((err: unknown) => {
            this.log.error("expiry failed: %e", err);
          }),
        limits.expiryIntervalMs,
      ),
      setInterval(() => {
        this.peerLimits.prune();
        this.syncLimits.prune();
      }, 60_000),
    );
    this.log("mail service started, %d envelopes held", store.stats().messages);
  }

  afterStart(): void {
    const running = this.running;
    if (running === undefined) return;
    running.replicator.startCatchUp();
    void running.replicator.ready().then(() => {
      if (this.running === running) this.isReady = true;
    });
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.shutdown.abort();
    for (const timer of running.timers) clearInterval(timer);
    await running.auditor.stop();
    await unhandleClientProtocol(this.components.registrar, CLIENT_PROTOCOL);
    await this.components.registrar.unhandle(MAIL_SYNC_PROTOCOL_1_0);
    await running.replicator.stop();
    await Promise.allSettled([...running.active]);
    await running.store.close();
    this.running = undefined;
    this.isReady = false;
    this.log("mail service stopped");
  }

  async ready(options: AbortOptions = {}): Promise<void> {
    if (this.running === undefined) throw new MailUnavailableError("The mail service is not running");
    await this.running.replicator.ready(options);
  }

  status(): MailStatus {
    return mailStatus({
      store: this.running?.store.stats(),
      sync: this.running?.replicator.status(),
      ready: this.isReady,
      requests: this.counters,
      stored: this.storedCounts,
    });
  }

  storeLock(): StoreLockState | undefined {
    return this.running?.store.lockState?.();
  }

  registerMetrics(registry: Registry): void {
    registerMailMetrics(registry, () => this.status());
    this.durations.register(registry);
    registerMailAuditMetrics(registry, () => this.running?.auditor.status() ?? IDLE_AUDIT_STATUS);
  }

  async expire(options: AbortOptions = {}): Promise<number> {
    options.signal?.throwIfAborted();
    const running = this.requireRunning();
    const removed = await running.store.expire(this.init.clock());
    if (removed > 0) this.log("expired %d envelopes", removed);
    return removed;
  }

  async antiEntropy(options: AbortOptions = {}): Promise<ReconcileResult | undefined> {
    return this.requireRunning().replicator.antiEntropy(options);
  }

  /**
   * Serves a client stream: one request (`/1.0.0`) or a session of several in turn (`/1.1.0`),
   * each admitted under the peer's limit of requests at once and charged to its rate limits.
   */
  private onClientStream(stream: Stream, connection: Connection, session: boolean): void {
    const running = this.running;
    if (running === undefined) {
      stream.abort(new MailUnavailableError("The mail service is not running"));
      return;
    }
    const peer = connection.remotePeer.toString();
    const origin = { peer, remoteAddr: connection.remoteAddr };
    const handlers: RequestHandlers = {
      admit: () => {
        this.peerLimits.openStream(peer);
      },
      release: () => {
        this.peerLimits.closeStream(peer);
      },
      handle: async (frame) => running.client.handle(frame, origin),
    };
    this.track(
      running,
      session
        ? serveSession(stream, running.serving.session, handlers, connection)
        : serveRequest(stream, running.serving.client, handlers),
    );
  }

  private onSyncStream(stream: Stream, connection: Connection): void {
    const running = this.running;
    if (running === undefined) {
      stream.abort(new MailUnavailableError("The mail service is not running"));
      return;
    }
    const remote = connection.remotePeer;
    const peer = remote.toString();
    let origin: string | undefined;
    const handlers: RequestHandlers = {
      // Everything that costs nothing comes first: the stream count, then (for a peer not yet
      // known as a replication peer) its address's admission quota; only then the registry.
      admit: async (signal) => {
        this.syncStreams.acquire(peer);
        try {
          ({ origin } = await admitPeer(
            {
              peers: running.replicator.peers,
              quotas: this.syncLimits,
              checkPeers: this.init.checkPeers,
              errors: MAIL_REPLICATION_ERRORS,
              label: "mail server",
              onRefused: (refused, reason) => {
                this.log("refused node-to-node traffic from %p: %s", refused, reason);
                this.safeDispatchEvent("sync:refused", { detail: { peer: refused } });
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
        this.counters.sync += 1;
        return running.sync.handle(frame, { peer: remote, origin }, { signal });
      },
    };
    this.track(running, serveRequest(stream, running.serving.sync, handlers));
  }

  private serveInit(
    shutdown: AbortSignal,
    maxFrameBytes: number,
    encode: (response: { error: ServeRequestErrorFrame }) => Uint8Array,
    traffic: "client" | "node",
  ): ServeRequestInit {
    return {
      maxFrameBytes,
      timer: this.durations.timer(traffic),
      timeoutMs: this.limits.requestTimeoutMs,
      shutdown,
      errors: MAIL_SERVING_ERRORS,
      encodeError: (error) => encode({ error }),
      onError: (frame) => {
        const code = mailErrorCodeName(frame.code);
        this.counters.errors += 1;
        this.counters.errorsByCode[code] = (this.counters.errorsByCode[code] ?? 0) + 1;
      },
      log: this.log,
    };
  }

  private stored(
    envelopes: readonly StoredEnvelope[],
    source: EnvelopeSource,
    from: PeerId | undefined,
  ): void {
    this.storedCounts[source] += envelopes.length;
    // Each event's detail is a copy of the envelope: built only when someone listens.
    if (this.listenerCount("envelope:stored") === 0) return;
    for (const envelope of envelopes) {
      this.safeDispatchEvent("envelope:stored", {
        detail: { envelope: { ...toWire(envelope), id: envelope.id }, source, from },
      });
    }
  }

  private track(running: Running, work: Promise<void>): void {
    running.active.add(work);
    void work
      .catch((err: unknown) => {
        this.log.error("stream handler failed: %e", err);
      })
      .finally(() => running.active.delete(work));
  }

  private requireRunning(): Running {
    if (this.running === undefined) throw new MailUnavailableError("The mail service is not running");
    return this.running;
  }
}

type ServeRequestErrorFrame = Parameters<ServeRequestInit["encodeError"]>[0];
