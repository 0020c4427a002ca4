import { Counter, Gauge, Registry } from "prom-client";

import { VERDICTS } from "../../client/kernel/registry/verifyNodes.js";
import type { Announcement } from "../announce/announcer.js";
import type { HandshakeQueueFigures } from "../host/handshakeQueue.js";
import type { SpreadConnectionMonitorFigures } from "../../client/kernel/p2p/spreadConnectionMonitor.js";
import type { RegistrationVerdict } from "../registration/verdicts.js";
import { figureMetrics } from "./figureMetrics.js";

/** The node's own Prometheus metrics, beside libp2p's in the same registry. */
export interface NodeMetrics {
  /** The registry `/metrics` serves (libp2p adds its metrics to it too). */
  registry: Registry;
  /** Records an announcement. */
  recordAnnouncement(announcement: Announcement): void;
  /** Records the registration verdict. */
  recordVerdict(verdict: RegistrationVerdict): void;
}

/** What {@link createNodeMetrics} reads when Prometheus scrapes. */
export interface NodeMetricsSources {
  /** Open connections. */
  connections(): number;
  /** Peers in the DHT routing table. */
  routingTableSize(): number;
}

/**
 * Creates the node's Prometheus registry with Waymark's metrics: node info, registration
 * verdict, announcements, connections and DHT routing table size.
 *
 * @param labels - Version, peer id, node address and service, shown on `waymark_node_info`.
 * @param sources - Live values read at scrape time.
 * @returns The registry and the recorders.
 */
export function createNodeMetrics(
  labels: { version: string; peerId: string; nodeAddress: string; service: string },
  sources: NodeMetricsSources,
): NodeMetrics {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: "waymark_node_info",
    help: "Constant 1, labelled with the node's version, peer id, node address and service",
    labelNames: ["version", "peer_id", "node_address", "service"],
    registers,
  }).set(
    {
      version: labels.version,
      peer_id: labels.peerId,
      node_address: labels.nodeAddress,
      service: labels.service,
    },
    1,
  );
  const verdicts = new Gauge({
    name: "waymark_node_registration",
    help: "1 for the node's current registration verdict (unknown until the registry answers), 0 for the others",
    labelNames: ["verdict"],
    registers,
  });
  const announcements = new Counter({
    name: "waymark_node_announcements_total",
    help: "Announcements of the service key in the DHT, by result",
    labelNames: ["result"],
    registers,
  });
  const lastAnnouncement = new Gauge({
    name: "waymark_node_last_announcement_timestamp_seconds",
    help: "When the last successful announcement started",
    registers,
  });
  const announcementPeers = new Gauge({
    name: "waymark_node_announcement_peers",
    help: "DHT peers that accepted the provider record in the last announcement",
    registers,
  });
  new Gauge({
    name: "waymark_node_connections",
    help: "Open libp2p connections",
    registers,
    collect() {
      this.set(sources.connections());
    },
  });
  new Gauge({
    name: "waymark_node_dht_routing_table_size",
    help: "Peers in the DHT routing table",
    registers,
    collect() {
      this.set(sources.routingTableSize());
    },
  });
  for (const result of ["success", "failure"]) announcements.inc({ result }, 0);

  const recordVerdict = (verdict: RegistrationVerdict): void => {
    for (const name of [...VERDICTS, "unknown"]) verdicts.set({ verdict: name }, name === verdict ? 1 : 0);
  };
  recordVerdict("unknown");
  return {
    registry,
    recordVerdict,
    recordAnnouncement(announcement) {
      announcements.inc({ result: announcement.ok ? "success" : "failure" });
      if (announcement.ok) {
        lastAnnouncement.set(announcement.at / 1000);
        announcementPeers.set(announcement.peers);
      }
    },
  };
}

/**
 * Registers the inbound handshake queue's Prometheus metrics, read when Prometheus scrapes:
 *
 * - `waymark_node_handshakes_running`, `waymark_node_handshakes_queued`: connections running their
 *   handshake and waiting for a turn now;
 * - `waymark_node_handshakes_queued_highest`: the most that waited at once since start;
 * - `waymark_node_handshakes_admitted_total`, `waymark_node_handshakes_waited_total`,
 *   `waymark_node_handshakes_refused_total`: arrivals admitted to their handshake, those of them
 *   that had to wait, and arrivals refused because the queue was full.
 *
 * @param registry - The registry `/metrics` serves.
 * @param figures - The queue's current figures.
 */
export function registerHandshakeMetrics(registry: Registry, figures: () => HandshakeQueueFigures): void {
  const { gauge, counter } = figureMetrics(registry, figures);
  gauge(
    "waymark_node_handshakes_running",
    "Inbound connections running their handshake now",
    (f) => f.running,
  );
  gauge(
    "waymark_node_handshakes_queued",
    "Inbound connections waiting for a handshake turn now",
    (f) => f.queued,
  );
  gauge(
    "waymark_node_handshakes_queued_highest",
    "The most inbound connections that waited for a handshake turn at once since start",
    (f) => f.highestQueued,
  );
  counter(
    "waymark_node_handshakes_admitted_total",
    "Inbound connections admitted to their handshake",
    (f) => f.admitted,
  );
  counter(
    "waymark_node_handshakes_waited_total",
    "Inbound connections that waited for a handshake turn",
    (f) => f.waited,
  );
  counter(
    "waymark_node_handshakes_refused_total",
    "Inbound connections refused because the handshake queue was full",
    (f) => f.refused,
  );
}

/**
 * Registers the connection monitor's Prometheus metrics, read when Prometheus scrapes:
 *
 * - `waymark_node_pings_in_flight`: the node's pings of its connections under way now;
 * - `waymark_node_pings_answered_total`: pings answered;
 * - `waymark_node_pings_skipped_total`: pings not sent because the peer sent a request within the
 *   interval;
 * - `waymark_node_connections_closed_by_ping_total`: connections closed because their ping failed
 *   or was late (a node too busy to finish its pings in time shows here first).
 *
 * @param registry - The registry `/metrics` serves.
 * @param figures - The monitor's current figures.
 */
export function registerPingMetrics(registry: Registry, figures: () => SpreadConnectionMonitorFigures): void {
  const { gauge, counter } = figureMetrics(registry, figures);
  gauge(
    "waymark_node_pings_in_flight",
    "The node's pings of its connections under way now",
    (f) => f.inFlight,
  );
  counter("waymark_node_pings_answered_total", "Pings of the node's connections answered", (f) => f.answered);
  counter(
    "waymark_node_pings_skipped_total",
    "Pings not sent because the connection's peer sent a request within the ping interval",
    (f) => f.skipped,
  );
  counter(
    "waymark_node_connections_closed_by_ping_total",
    "Connections the node closed because their ping failed or was late",
    (f) => f.closed,
  );
}
