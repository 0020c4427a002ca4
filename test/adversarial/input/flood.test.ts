import { describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { MailRateLimitedError } from "../../../client/mail/protocol/errors.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory, queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { MAIL_SERVICE_DEFAULTS } from "../../../node/mail/constants.js";
import { errorChain } from "../../helpers/errors.js";
import { useFleet } from "../helpers/useFleet.js";

/** How long the flood lasts. */
const FLOOD_MS = 6_000;
/** Requests the flooding peer keeps in flight at once. */
const FLOOD_CONCURRENCY = 32;

describe("a flooding peer", () => {
  const suite = useFleet();

  it("is rate limited by name while another peer's requests all succeed", async () => {
    const fleet = suite.fleet();
    // The node runs with its default limits.
    const server = await fleet.start(await fleet.prepare());
    const flooder = await suite.host();
    const neighbour = await suite.host();

    const flood = { accepted: 0, limited: new Map<string, number>(), other: new Map<string, number>() };
    const neighbourAcked: string[] = [];
    const neighbourAckedAt: number[] = [];
    const neighbourFailures: string[] = [];
    let neighbourQueries = 0;
    const started = Date.now();
    const end = started + FLOOD_MS;

    const floodWorker = async (worker: number): Promise<void> => {
      for (let n = 0; Date.now() < end; n++) {
        try {
          const payload = new TextEncoder().encode(`flood ${worker}/${n}`);
          await pushEnvelope(flooder, server.addrs, { topic: "/flood", payload }, { timeoutMs: 20_000 });
          flood.accepted += 1;
        } catch (err) {
          if (err instanceof MailRateLimitedError) {
            const limit = err.limit ?? "?";
            flood.limited.set(limit, (flood.limited.get(limit) ?? 0) + 1);
            expect(err.retryAfterMs).toBeGreaterThan(0);
          } else {
            const kind = errorChain(err);
            flood.other.set(kind, (flood.other.get(kind) ?? 0) + 1);
            // An error that comes back at once must not let this loop starve the neighbour.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      }
    };
    // The neighbour stays within its own limits: 5 pushes and 5 queries a second.
    const polite = async (): Promise<void> => {
      for (let n = 0; Date.now() < end; n++) {
        try {
          const envelope = createEnvelope({
            topic: "/neighbour",
            payload: new TextEncoder().encode(`hello ${n}`),
          });
          await pushEnvelope(neighbour, server.addrs, envelope, { timeoutMs: 20_000 });
          neighbourAcked.push(envelopeIdHex(envelope.id));
          neighbourAckedAt.push(Date.now());
          await queryHistory(
            neighbour,
            server.addrs,
            { topics: ["/neighbour"], pageSize: 1, direction: "backward" },
            { timeoutMs: 20_000 },
          );
          neighbourQueries += 1;
        } catch (err) {
          neighbourFailures.push(errorChain(err));
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await Promise.all([
      ...Array.from({ length: FLOOD_CONCURRENCY }, async (_, i) => floodWorker(i)),
      polite(),
    ]);
    const seconds = (Date.now() - started) / 1_000;

    const limited = [...flood.limited.values()].reduce((sum, count) => sum + count, 0);
    // A token bucket lets through its burst and then its rate.
    const allowance = MAIL_SERVICE_DEFAULTS.pushBurst + MAIL_SERVICE_DEFAULTS.pushesPerSecond * seconds;
    console.log(
      `flood: ${FLOOD_CONCURRENCY} concurrent pushers for ${seconds.toFixed(1)} s: ${flood.accepted} accepted ` +
        `(bucket allows ${allowance.toFixed(0)}), ${limited} refused as rate limited ${JSON.stringify(Object.fromEntries(flood.limited))}, ` +
        `other ${JSON.stringify(Object.fromEntries(flood.other))}; neighbour ${neighbourAcked.length} pushes + ${neighbourQueries} queries, ${neighbourFailures.length} failed`,
    );
    expect(limited).toBeGreaterThan(flood.accepted);
    expect(flood.accepted).toBeLessThanOrEqual(Math.ceil(allowance) + 1);
    expect(flood.other).toEqual(new Map());
    expect(neighbourFailures).toEqual([]);
    // The neighbour was served throughout the flood, not only before or after it.
    const halfway = started + FLOOD_MS / 2;
    expect(neighbourAckedAt.some((at) => at < halfway)).toBe(true);
    expect(neighbourAckedAt.some((at) => at >= halfway && at <= end)).toBe(true);
    const kept = new Set<string>();
    for await (const page of queryHistoryPages(neighbour, server.addrs, {
      topics: ["/neighbour"],
      pageSize: 100,
    })) {
      for (const envelope of page.envelopes) kept.add(envelopeIdHex(envelope.id));
    }
    expect(neighbourAcked.every((id) => kept.has(id))).toBe(true);
    expect(server.process.child.exitCode).toBeNull();
  });
});
