import type { ComponentLogger, Connection, Logger, Startable } from "@libp2p/interface";
import { byteStream } from "@libp2p/utils";

import { lastHeardFrom } from "./connectionActivity.js";

/** libp2p's ping protocol, which every libp2p host answers. */
export const PING_PROTOCOL = "/ipfs/ping/1.0.0";
/** Ping errors that do not close the connection. */
const NOT_THE_PEERS_FAULT = new Set(["UnsupportedProtocolError", "TooManyOutboundProtocolStreamsError"]);
/** Bytes of a ping; the answer echoes them. */
const PING_BYTES = 32;

/** Options of {@link SpreadConnectionMonitor}. */
export interface SpreadConnectionMonitorInit {
  /** Milliseconds between two pings of one connection. */
  pingIntervalMs: number;
  /** Milliseconds a ping may take, from its stream's opening to its answer, before its connection is closed. */
  pingTimeoutMs: number;
  /** Pings under way at once, over all connections; a due ping waits for the next check beyond it. */
  maxPingsInFlight: number;
  /** Milliseconds between two checks for due pings. @default 1000 */
  checkIntervalMs?: number | undefined;
  /**
   * Close a connection whose ping fails or is late. False only counts it (`failed`): a load
   * generator whose own event loop, not the peer, may be what is late. @default true
   */
  closeOnFailure?: boolean | undefined;
}

/** The host components the monitor uses. */
export interface SpreadConnectionMonitorComponents {
  connectionManager: { getConnections(): Connection[] };
  logger: ComponentLogger;
}

/** What the monitor has done since it started. */
export interface SpreadConnectionMonitorFigures {
  /** Pings answered. */
  answered: number;
  /** Pings not sent because the peer was heard from within the interval (it sent a request). */
  skipped: number;
  /** Connections closed because their ping failed or was late. */
  closed: number;
  /** Pings that failed or were late, their connection closed or not (`closeOnFailure`). */
  failed: number;
  /** Pings under way now. */
  inFlight: number;
  /** The most pings that were under way at once. */
  peakInFlight: number;
}

/**
 * Pings each open connection once per interval and closes one whose ping fails or is late, as
 * libp2p's connection monitor does, but spread out instead of in one burst, and not while the
 * peer is heard from. Every Waymark host runs it in place of libp2p's (`createWaymarkHost`'s
 * `connectionMonitor`): a node with its settings (`NODE_CONNECTION_MONITOR`), a client with
 * `CLIENT_CONNECTION_MONITOR`.
 *
 * libp2p's monitor pings every connection at the same moment each interval: a node holding 2,500
 * sessions opened 2,500 ping streams at once every 30 s and answered nothing else for a second or
 * two, which was the p99 of every request in the sessions benchmark (it grew with the sessions
 * held: 0.05 s at 250, 0.5–0.7 s at 1,000, 1.8–2.7 s at 2,500), and a ping waiting behind the others
 * could pass its timeout and close a healthy session. Here each connection is pinged an interval
 * after it was first seen (or last pinged), so the pings follow the connections' own arrival times,
 * and at most `maxPingsInFlight` are under way at once; a due ping beyond that waits for a later
 * check, its timeout not yet running. A ping's timeout starts when its stream is opened.
 *
 * A connection whose peer was heard from within the interval (see `heardFrom`: on a node, a request
 * of the peer; on a client, an answer of the node) is not pinged: its next ping falls an interval
 * after the peer last spoke. A session that sends a request every 10 s is then pinged by neither
 * side, where it cost the node a ping stream every 30 s from its own monitor and another every 60 s
 * from the client's (together a third of such a session's exchanges); a peer that goes
 * quiet, or vanishes, is pinged an interval after it last spoke and closed if the ping fails, as
 * before.
 */
export class SpreadConnectionMonitor implements Startable {
  readonly [Symbol.toStringTag] = "waymark:spread-connection-monitor";
  private readonly components: SpreadConnectionMonitorComponents;
  private readonly init: Required<SpreadConnectionMonitorInit>;
  private readonly log: Logger;
  /** When each connection is next due. */
  private readonly due = new WeakMap<Connection, number>();
  /** Connections with a ping under way: never a second one at once. */
  private readonly pinging = new WeakSet<Connection>();
  private timer: NodeJS.Timeout | undefined;
  private readonly counts: SpreadConnectionMonitorFigures = {
    answered: 0,
    skipped: 0,
    closed: 0,
    failed: 0,
    inFlight: 0,
    peakInFlight: 0,
  };

  /**
   * @param components - The host's libp2p components.
   * @param init - Interval, timeout and bound.
   */
  constructor(components: SpreadConnectionMonitorComponents, init: SpreadConnectionMonitorInit) {
    this.components = components;
    this.init = {
      ...init,
      checkIntervalMs: init.checkIntervalMs ?? 1_000,
      closeOnFailure: init.closeOnFailure ?? true,
    };
    this.log = components.logger.forComponent("waymark:connection-monitor");
  }

  /** The interval, timeout and bounds it runs with. */
  get settings(): Readonly<Required<SpreadConnectionMonitorInit>> {
    return this.init;
  }

  /** What the monitor has done so far. */
  get figures(): SpreadConnectionMonitorFigures {
    return { ...this.counts };
  }

  /** Starts checking for due pings. */
  start(): void {
    this.timer = setInterval(() => {
      this.check(Date.now());
    }, this.init.checkIntervalMs);
    this.timer.unref();
  }

  /** Stops checking; a ping under way that fails afterwards closes nothing. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Starts the pings that are due, up to the bound.
   *
   * @param now - The time, in milliseconds since the epoch.
   */
  private check(now: number): void {
    const overdue: { connection: Connection; due: number }[] = [];
    for (const connection of this.components.connectionManager.getConnections()) {
      if (connection.status !== "open" || this.pinging.has(connection)) continue;
      const due = this.due.get(connection);
      if (due === undefined) {
        this.due.set(connection, now + this.init.pingIntervalMs);
        continue;
      }
      if (due > now) continue;
      const heard = lastHeardFrom(connection);
      if (heard !== undefined && heard + this.init.pingIntervalMs > now) {
        this.due.set(connection, heard + this.init.pingIntervalMs);
        this.counts.skipped += 1;
      } else {
        overdue.push({ connection, due });
      }
    }
    // The longest overdue first, so that a bound reached every check starves no connection.
    overdue.sort((a, b) => a.due - b.due);
    const slots = Math.max(0, this.init.maxPingsInFlight - this.counts.inFlight);
    for (const { connection } of overdue.slice(0, slots)) {
      this.due.set(connection, now + this.init.pingIntervalMs);
      void this.ping(connection);
    }
  }

  private async ping(connection: Connection): Promise<void> {
    this.pinging.add(connection);
    this.counts.inFlight += 1;
    this.counts.peakInFlight = Math.max(this.counts.peakInFlight, this.counts.inFlight);
    const signal = AbortSignal.timeout(this.init.pingTimeoutMs);
    try {
      const stream = await connection.newStream(PING_PROTOCOL, { signal, runOnLimitedConnection: true });
      try {
        const bytes = byteStream(stream);
        const sent = crypto.getRandomValues(new Uint8Array(PING_BYTES));
        const started = Date.now();
        const [, answer] = await Promise.all([
          bytes.write(sent, { signal }),
          bytes.read({ bytes: PING_BYTES, signal }),
        ]);
        if (!Buffer.from(answer.subarray()).equals(sent))
          throw new Error("the ping's answer differs from the ping");
        connection.rtt = Date.now() - started;
        this.counts.answered += 1;
        await stream.close({ signal });
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
    } catch (err) {
      // Stopping is not the peer's fault; a peer without ping is alive (it negotiated), and ping
      // streams of this host's own (its ping service's) taking every slot say nothing of the peer.
      if (this.timer === undefined || NOT_THE_PEERS_FAULT.has((err as Error).name)) return;
      this.counts.failed += 1;
      if (!this.init.closeOnFailure) return;
      this.counts.closed += 1;
      this.log.error("closing the connection to %p: its ping failed - %e", connection.remotePeer, err);
      connection.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.pinging.delete(connection);
      this.counts.inFlight -= 1;
    }
  }
}

/**
 * A libp2p service factory for {@link SpreadConnectionMonitor}. `createWaymarkHost` mounts it
 * itself; a host made with `createLibp2p` gives `connectionMonitor: { enabled: false }` so that
 * libp2p's own monitor does not ping too.
 *
 * @param init - Interval, timeout and bound.
 * @returns The service factory.
 */
export function spreadConnectionMonitor(
  init: SpreadConnectionMonitorInit,
): (components: SpreadConnectionMonitorComponents) => SpreadConnectionMonitor {
  return (components) => new SpreadConnectionMonitor(components, init);
}
