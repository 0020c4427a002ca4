import type { Registry } from "prom-client";
import { Counter } from "prom-client";

import { figureMetrics } from "../status/figureMetrics.js";

import { RELAY_REFUSALS } from "./circuits.js";
import type { RelayStatus } from "./types.js";

/**
 * Registers the relay's Prometheus metrics, read from its status when Prometheus scrapes:
 *
 * - `waymark_relay_reservations`: reservations held now;
 * - `waymark_relay_max_reservations`: the limit;
 * - `waymark_relay_circuits`: circuits open now;
 * - `waymark_relay_circuits_opened_total`, `waymark_relay_circuits_closed_total`;
 * - `waymark_relay_bytes_from_callers_total`: bytes callers sent into their circuits;
 * - `waymark_relay_refusals_total{reason}`: reservations and circuits refused, by the limit that refused.
 *
 * @param registry - The registry `/metrics` serves.
 * @param status - The relay's current status.
 */
export function registerRelayMetrics(registry: Registry, status: () => RelayStatus): void {
  const { gauge, counter } = figureMetrics(registry, status);
  gauge("waymark_relay_reservations", "Relay reservations held now", (s) => s.reservations);
  gauge(
    "waymark_relay_max_reservations",
    "Relay reservations allowed at once",
    (s) => s.limits.maxReservations,
  );
  gauge("waymark_relay_circuits", "Relayed circuits open now", (s) => s.open);
  counter("waymark_relay_circuits_opened_total", "Relayed circuits admitted", (s) => s.opened);
  counter("waymark_relay_circuits_closed_total", "Relayed circuits ended", (s) => s.closed);
  counter(
    "waymark_relay_bytes_from_callers_total",
    "Bytes callers sent into relayed circuits",
    (s) => s.bytesFromCallers,
  );
  new Counter({
    name: "waymark_relay_refusals_total",
    help: "Reservations and circuits refused, by the limit that refused",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      this.reset();
      const { refusals } = status();
      for (const reason of RELAY_REFUSALS) this.inc({ reason }, refusals[reason]);
    },
  });
}
