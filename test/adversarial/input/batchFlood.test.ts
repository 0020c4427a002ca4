import { describe, expect, it } from "vitest";

import { MailRateLimitedError } from "../../../client/mail/protocol/errors.js";
import { pushEnvelopes } from "../../../client/mail/protocol/pushEnvelopes.js";
import { MAIL_SERVICE_DEFAULTS } from "../../../node/mail/constants.js";
import { useFleet } from "../helpers/useFleet.js";

/** Requests each flooding peer sends, one after the other. */
const REQUESTS = 6;
/** The node's per-peer push bucket: the default burst, and a slow refill so that the machine's speed does not matter. */
const PUSH_BURST = MAIL_SERVICE_DEFAULTS.pushBurst;
const PUSHES_PER_SECOND = 1;
/** The node's per-peer byte bucket: the smallest allowed (maxPayloadBytes), and a slow refill. */
const BYTES_BURST = MAIL_SERVICE_DEFAULTS.maxPayloadBytes;
const BYTES_PER_SECOND = 1_024;

/** What one flooding peer got through. */
interface Tally {
  requests: number;
  accepted: number;
  acceptedBytes: number;
  limited: Map<string, number>;
  retryAfterMissing: number;
  other: Map<string, number>;
  /** Requests refused as a whole (the node answered an error frame, not one result per envelope). */
  wholeRefused: Map<string, number>;
}

describe("a peer pushing several envelopes per request", () => {
  const suite = useFleet();

  it("gets no more envelopes or bytes through than single pushes would", async () => {
    const fleet = suite.fleet();
    const server = await fleet.start(
      await fleet.prepare({
        mail: {
          pushBurst: PUSH_BURST,
          pushesPerSecond: PUSHES_PER_SECOND,
          bytesBurst: BYTES_BURST,
          bytesPerSecond: BYTES_PER_SECOND,
        },
      }),
    );

    // One peer sends the largest batches of small envelopes (its push bucket binds), another
    // batches of 8 KB envelopes (its byte bucket binds), each request as soon as the last is answered.
    const flood = async (count: number, payloadBytes: number, label: string): Promise<Tally> => {
      const host = await suite.host();
      const tally: Tally = {
        requests: 0,
        accepted: 0,
        acceptedBytes: 0,
        limited: new Map(),
        retryAfterMissing: 0,
        other: new Map(),
        wholeRefused: new Map(),
      };
      for (let n = 0; n < REQUESTS; n++) {
        const envelopes = Array.from({ length: count }, (_, i) => {
          const payload = new Uint8Array(payloadBytes);
          new DataView(payload.buffer).setUint32(0, n * count + i);
          return { topic: `/batch/${label}`, payload };
        });
        tally.requests += 1;
        let results;
        try {
          results = await pushEnvelopes(host, server.addrs, envelopes, { timeoutMs: 20_000 });
        } catch (err) {
          const name = err instanceof Error ? err.name : String(err);
          tally.wholeRefused.set(name, (tally.wholeRefused.get(name) ?? 0) + 1);
          continue;
        }
        for (const result of results) {
          if (result.error === undefined) {
            tally.accepted += 1;
            tally.acceptedBytes += payloadBytes;
          } else if (result.error instanceof MailRateLimitedError) {
            const limit = result.error.limit ?? "?";
            tally.limited.set(limit, (tally.limited.get(limit) ?? 0) + 1);
            if (!(result.error.retryAfterMs > 0)) tally.retryAfterMissing += 1;
          } else {
            tally.other.set(result.error.name, (tally.other.get(result.error.name) ?? 0) + 1);
          }
        }
      }
      return tally;
    };
    const started = Date.now();
    const [small, large] = await Promise.all([
      flood(MAIL_SERVICE_DEFAULTS.maxPushEnvelopes, 16, "small"),
      flood(8, 8_000, "large"),
    ]);
    const seconds = (Date.now() - started) / 1_000;

    // A token bucket lets through its burst and then its rate, whatever the requests carry.
    const pushAllowance = PUSH_BURST + PUSHES_PER_SECOND * seconds;
    const byteAllowance = BYTES_BURST + BYTES_PER_SECOND * seconds;
    const describeTally = (tally: Tally): string =>
      `${tally.requests} requests, ${tally.accepted} envelopes accepted (${tally.acceptedBytes} bytes), ` +
      `refused as rate limited ${JSON.stringify(Object.fromEntries(tally.limited))}, other ${JSON.stringify(Object.fromEntries(tally.other))}, ` +
      `requests refused whole ${JSON.stringify(Object.fromEntries(tally.wholeRefused))}`;
    console.log(
      `batch flood for ${seconds.toFixed(1)} s: ${MAIL_SERVICE_DEFAULTS.maxPushEnvelopes} × 16 B per push: ${describeTally(small)} ` +
        `(push bucket allows ${pushAllowance.toFixed(0)}); 8 × 8 KB per push: ${describeTally(large)} ` +
        `(byte bucket allows ${byteAllowance.toFixed(0)} bytes)`,
    );
    expect(small.accepted).toBeLessThanOrEqual(Math.ceil(pushAllowance) + 1);
    expect(small.limited.get("pushes")).toBe(
      REQUESTS * MAIL_SERVICE_DEFAULTS.maxPushEnvelopes - small.accepted,
    );
    expect(large.acceptedBytes).toBeLessThanOrEqual(byteAllowance + 8_000);
    expect(large.limited.get("bytes")).toBe(REQUESTS * 8 - large.accepted);
    for (const tally of [small, large]) {
      // Some envelopes of a limited batch still went through: each is charged on its own.
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.other).toEqual(new Map());
      expect(tally.wholeRefused).toEqual(new Map());
      expect(tally.retryAfterMissing).toBe(0);
    }
    expect(server.process.child.exitCode).toBeNull();
  });
});
