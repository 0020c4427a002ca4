import type { AbortOptions } from "@libp2p/interface";
import { TypedEventEmitter } from "@libp2p/interface";
import type { KadDHT } from "@libp2p/kad-dht";
import type { CID } from "multiformats/cid";
import type { Logger } from "pino";

/** The outcome of one announcement. */
export interface Announcement {
  /** When it started, in milliseconds since the epoch. */
  at: number;
  /** Whether the provide finished without error. */
  ok: boolean;
  /** How many DHT peers accepted the provider record (the fewest among the keys announced). */
  peers: number;
  /** How long it took. */
  durationMs: number;
  /** Why it failed, when it did. */
  error?: string | undefined;
}

/** Events of {@link Announcer}. */
export interface AnnouncerEvents {
  /** The service key was provided to at least one DHT peer (or kept locally while there is none). */
  "announce:success": CustomEvent<Announcement>;
  /** Providing the service key failed; it is tried again after `retryInterval`. */
  "announce:failure": CustomEvent<Announcement>;
}

/** Options of {@link Announcer}. */
export interface AnnouncerInit {
  dht: KadDHT;
  /** The service key to provide. */
  key: CID;
  /** Further keys provided with it in each announcement (other registries' service keys). */
  extraKeys?: readonly CID[] | undefined;
  /** Milliseconds between announcements; well inside the record lifetime. */
  interval: number;
  /** Milliseconds before a failed announcement is tried again. */
  retryInterval: number;
  /** Milliseconds one announcement may take (including the wait for a first DHT peer). */
  timeout: number;
  /** Whether the DHT routing table holds any peer (only for what the log says). */
  hasPeers?: (() => boolean) | undefined;
  logger: Logger;
}

/**
 * Provides the node's service key in the DHT at start and again every `interval`, logging each
 * result, so the node's provider records never expire while it runs. A node without DHT peers
 * keeps its own record and waits (up to `timeout`) for a first peer to send it to; a failed
 * announcement is tried again after `retryInterval`.
 */
export class Announcer extends TypedEventEmitter<AnnouncerEvents> {
  private readonly init: AnnouncerInit;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<Announcement> | undefined;
  private latest: Announcement | undefined;
  private nextAt: number | undefined;
  private successes = 0;
  private failures = 0;

  /** @param init - DHT, key, interval, timeout and logger. */
  constructor(init: AnnouncerInit) {
    super();
    this.init = init;
  }

  /** The latest announcement. */
  get last(): Announcement | undefined {
    return this.latest === undefined ? undefined : { ...this.latest };
  }

  /** When the next scheduled announcement starts, in milliseconds since the epoch. */
  get next(): number | undefined {
    return this.nextAt;
  }

  /** How many announcements succeeded and failed since start. */
  get counts(): { successes: number; failures: number } {
    return { successes: this.successes, failures: this.failures };
  }

  /** Announces now, then every `interval` until {@link stop}. */
  start(): void {
    void this.announce().finally(() => {
      this.schedule();
    });
  }

  /** Stops announcing and aborts an announcement in progress. */
  stop(): void {
    clearTimeout(this.timer);
    this.nextAt = undefined;
    this.controller.abort();
  }

  /**
   * Provides the service key now (concurrent callers share the announcement).
   *
   * @param options - `signal` to give up early.
   * @returns The outcome; failures are reported, not thrown.
   */
  async announce(options: AbortOptions = {}): Promise<Announcement> {
    this.inFlight ??= this.provide(options).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async provide(options: AbortOptions): Promise<Announcement> {
    const { dht, key, timeout, logger } = this.init;
    const at = Date.now();
    const signal = AbortSignal.any([
      this.controller.signal,
      AbortSignal.timeout(timeout),
      ...(options.signal === undefined ? [] : [options.signal]),
    ]);
    if (this.init.hasPeers?.() === false)
      logger.info({ key: key.toString() }, "announcement waits for a first DHT peer");
    let peers = 0;
    let announcement: Announcement;
    try {
      // Every key at once; the announcement fails when any of them does.
      const counts = await Promise.all(
        [key, ...(this.init.extraKeys ?? [])].map(async (each) => {
          let accepted = 0;
          for await (const event of dht.provide(each, { signal })) {
            if (event.name === "PEER_RESPONSE" && event.messageName === "ADD_PROVIDER") accepted++;
          }
          return accepted;
        }),
      );
      peers = Math.min(...counts);
      announcement = { at, ok: true, peers, durationMs: Date.now() - at };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      announcement = { at, ok: false, peers, durationMs: Date.now() - at, error };
    }
    this.latest = announcement;
    const fields = { key: key.toString(), ...announcement };
    if (announcement.ok) {
      this.successes++;
      if (peers === 0) logger.warn(fields, "announced, but no DHT peer holds the record yet");
      else logger.info(fields, "announced the service in the DHT");
      this.safeDispatchEvent("announce:success", { detail: announcement });
    } else {
      this.failures++;
      if (this.controller.signal.aborted) logger.debug(fields, "announcement stopped");
      else logger.warn(fields, "announcement failed; the next one follows on schedule");
      this.safeDispatchEvent("announce:failure", { detail: announcement });
    }
    return announcement;
  }

  private schedule(): void {
    if (this.controller.signal.aborted) return;
    const delay = this.latest?.ok === false ? this.init.retryInterval : this.init.interval;
    this.nextAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      void this.announce().finally(() => {
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }
}
