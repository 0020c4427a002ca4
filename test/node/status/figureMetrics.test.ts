import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";

import { registerRelayMetrics } from "../../../node/relay/metrics.js";
import type { RelayStatus } from "../../../node/relay/types.js";
import { figureMetrics } from "../../../node/status/figureMetrics.js";

/** The value of one unlabelled metric in Prometheus's text format. */
function valueOf(text: string, name: string): number {
  const line = text.split("\n").find((row) => row.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} is not in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

describe("figureMetrics", () => {
  it("reads gauges and counters from the figures at each scrape, a total never added twice", async () => {
    const registry = new Registry();
    const figures = { now: 3, total: 10 };
    const { gauge, counter } = figureMetrics(registry, () => figures);
    gauge("test_now", "Things now", (f) => f.now);
    counter("test_things_total", "Things so far", (f) => f.total);

    let text = await registry.metrics();
    expect(valueOf(text, "test_now")).toBe(3);
    expect(valueOf(text, "test_things_total")).toBe(10);
    expect(text).toContain("# TYPE test_things_total counter");

    figures.now = 1;
    figures.total = 12;
    text = await registry.metrics();
    expect(valueOf(text, "test_now")).toBe(1);
    expect(valueOf(text, "test_things_total")).toBe(12);
  });

  it("serves the relay's figures, and its refusals by reason", async () => {
    const registry = new Registry();
    const status: RelayStatus = {
      reservations: 2,
      open: 4,
      opened: 9,
      closed: 5,
      bytesFromCallers: 1_024,
      refusals: { maxReservations: 1, maxCircuits: 0, maxCircuitsPerPeer: 3, maxCircuitsPerAddress: 0 },
      limits: { maxReservations: 128 } as RelayStatus["limits"],
    };
    registerRelayMetrics(registry, () => status);
    const text = await registry.metrics();
    expect(valueOf(text, "waymark_relay_reservations")).toBe(2);
    expect(valueOf(text, "waymark_relay_max_reservations")).toBe(128);
    expect(valueOf(text, "waymark_relay_circuits")).toBe(4);
    expect(valueOf(text, "waymark_relay_circuits_opened_total")).toBe(9);
    expect(valueOf(text, "waymark_relay_circuits_closed_total")).toBe(5);
    expect(valueOf(text, "waymark_relay_bytes_from_callers_total")).toBe(1_024);
    expect(text).toContain('waymark_relay_refusals_total{reason="maxCircuitsPerPeer"} 3');
  });
});
