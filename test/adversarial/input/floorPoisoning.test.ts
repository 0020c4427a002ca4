import { describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { MAIL_SERVICE_DEFAULTS } from "../../../node/mail/constants.js";
import { mailStatusOf } from "../helpers/fleet.js";
import { useFleet } from "../helpers/useFleet.js";

/** The store's size limit: the attack overfills it three times. */
const MAX_STORE_BYTES = 64 * 1_024;
/** Envelopes the attack gets accepted (1 KB each). */
const ATTACK_ENVELOPES = 3 * Math.ceil(MAX_STORE_BYTES / 1_000);
/** Peer ids the attacker uses, so that its one address, not one peer id, is the limit. */
const ATTACKER_PEERS = Math.ceil(
  MAIL_SERVICE_DEFAULTS.addressPushesPerSecond / MAIL_SERVICE_DEFAULTS.pushesPerSecond,
);

/**
 * One network address pushes as fast as the node's per-address limits allow, every envelope dated
 * just inside the allowed future skew, into a small store: eviction by claimed timestamp would push
 * the store's eviction floor above the node's clock, and then every honest push (dated now) would
 * be refused as older than what was evicted.
 */
describe("one address pushing envelopes dated just inside the future skew", () => {
  const suite = useFleet();

  it("cannot raise the eviction floor above the node's clock: honest pushes keep being accepted", async () => {
    const fleet = suite.fleet();
    // Default skews and rates; loopback is limited per address like any other network here.
    const server = await fleet.start(
      await fleet.prepare({ mail: { maxStoreBytes: MAX_STORE_BYTES, addressLimitExempt: [] } }),
    );
    const attackers = await Promise.all(Array.from({ length: ATTACKER_PEERS }, async () => suite.host()));
    const honest = await suite.host();

    const ahead = MAIL_SERVICE_DEFAULTS.maxFutureSkewMs - 1_000;
    let accepted = 0;
    let refused = 0;
    const started = Date.now();
    await Promise.all(
      attackers.map(async (host, worker) => {
        for (let n = 0; accepted < ATTACK_ENVELOPES; n++) {
          const envelope = createEnvelope({
            topic: "/poison",
            payload: new Uint8Array(1_000).fill((worker * 31 + n) % 256),
            timestamp: Date.now() + ahead,
            ttl: 3_600,
          });
          try {
            await pushEnvelope(host, server.addrs, envelope);
            accepted += 1;
          } catch {
            refused += 1;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      }),
    );
    const attackMs = Date.now() - started;
    const during = await mailStatusOf(server);
    const floorAhead = (during.evictionFloor ?? 0) - Date.now();

    // The attack is over and the address's buckets refill: an honest push dated now.
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const envelope = createEnvelope({ topic: "/honest", payload: new Uint8Array(100).fill(i) });
      try {
        await pushEnvelope(honest, server.addrs, envelope);
        outcomes.push(`ok ${envelopeIdHex(envelope.id).slice(0, 8)}`);
      } catch (err) {
        outcomes.push(`${(err as Error).name}: ${(err as Error).message.split("\n")[0]}`);
      }
    }
    console.log(
      `floor poisoning from ${ATTACKER_PEERS} peer ids on one address: ${accepted} pushes of 1 KB dated +${ahead / 1000} s accepted in ${attackMs} ms into a ${MAX_STORE_BYTES}-byte store, ${refused} refused by the rate limits; eviction floor ${floorAhead > 0 ? `${Math.round(floorAhead / 1000)} s ahead of` : `${Math.round(-floorAhead / 1000)} s behind`} the clock; then 5 honest pushes: ${outcomes.join(", ")}`,
    );
    expect(during.evictionFloor).toBeDefined();
    expect(during.evictionFloor ?? 0).toBeLessThanOrEqual(Date.now());
    expect(outcomes.filter((outcome) => !outcome.startsWith("ok"))).toEqual([]);
  }, 60_000);
});
