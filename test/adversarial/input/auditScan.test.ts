import { describe, expect, it } from "vitest";

import { requestAuditDigest } from "../../../client/mail/protocol/auditDigest.js";
import { MailRateLimitedError } from "../../../client/mail/protocol/errors.js";
import { expectRejectsNamed } from "../../helpers/errors.js";
import { useFleet } from "../helpers/useFleet.js";

const PEERS = 20;
const DIGESTS_PER_PEER = 10;
/** The node defaults: 30 audit digests per peer in a burst; 60 per network address, 4 a second. */
const ADDRESS_BURST = 60;
const ADDRESS_RATE = 4;
/** Generous: the machine may be busy. */
const TIMEOUT = { timeoutMs: 60_000 };

/**
 * One machine mints peer ids to scan a node's store with audit digests (each a scan of an hour of
 * envelopes): twenty peer ids, ten digests each, at once. Per peer they are all within the burst;
 * only the per-address quota stands between them and two hundred scans.
 */
describe("peer ids minted on one address asking for audit digests", () => {
  const suite = useFleet();

  it("share the address's audit quota: the node scans at most its burst", async () => {
    const fleet = suite.fleet();
    // Loopback is limited per address here, as any address of the Internet is.
    const server = await fleet.start(await fleet.prepare({ mail: { addressLimitExempt: [] } }));
    const attackers = await Promise.all(Array.from({ length: PEERS }, async () => suite.host()));
    const now = Date.now();
    const range = { from: now - 3_600_000, to: now - 1 };
    let answered = 0;
    let refused = 0;
    const started = Date.now();
    await Promise.all(
      attackers.map(async (attacker) => {
        for (let i = 0; i < DIGESTS_PER_PEER; i++) {
          try {
            await requestAuditDigest(attacker, server.addrs, { range, buckets: 64 }, TIMEOUT);
            answered += 1;
          } catch (err) {
            if (!(err instanceof MailRateLimitedError)) throw err;
            refused += 1;
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1_000;
    console.log(
      `audit digests from ${PEERS} peer ids on one address, ${PEERS * DIGESTS_PER_PEER} at once: ` +
        `${answered} answered, ${refused} refused in ${seconds.toFixed(1)} s (address burst ${ADDRESS_BURST}, ${ADDRESS_RATE}/s)`,
    );
    expect(answered + refused).toBe(PEERS * DIGESTS_PER_PEER);
    // The burst, and what the address's rate refills while the requests run; per peer alone,
    // every one of the 200 would be answered.
    expect(answered).toBeLessThanOrEqual(ADDRESS_BURST + Math.ceil(seconds * ADDRESS_RATE));
    expect(refused).toBeGreaterThan(0);
  });

  it("cannot ask for a range wider than auditMaxRangeMs or more slices than auditMaxBuckets", async () => {
    const fleet = suite.fleet();
    const server = await fleet.start(await fleet.prepare());
    const attacker = await suite.host();
    await expectRejectsNamed(
      requestAuditDigest(
        attacker,
        server.addrs,
        { range: { from: 0, to: Date.now() }, buckets: 64 },
        TIMEOUT,
      ),
      "MailInvalidQueryError",
    );
    await expectRejectsNamed(
      requestAuditDigest(
        attacker,
        server.addrs,
        { range: { from: Date.now() - 60_000, to: Date.now() }, buckets: 1_000_000 },
        TIMEOUT,
      ),
      "MailInvalidQueryError",
    );
    console.log("audit digest over 56 years, and one of 1,000,000 slices: both MailInvalidQueryError");
  });
});
