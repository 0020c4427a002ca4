import { describe, expect, it } from "vitest";

import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory } from "../../../client/mail/protocol/queryHistory.js";
import { MAIL_SERVICE_DEFAULTS } from "../../../node/mail/constants.js";
import { useFleet } from "../helpers/useFleet.js";

const TOPICS = MAIL_SERVICE_DEFAULTS.maxTopicsPerQuery;
const PER_TOPIC = MAIL_SERVICE_DEFAULTS.maxPageSize + 1;

/**
 * One peer asks for the widest page there is, over and over: every topic a query may name, each
 * holding more than a page. Answered topic by topic with full payloads, each such query reads
 * topics × (page + 1) envelopes to return one page; charged as one query, the default burst lets
 * one peer send twenty of them at once.
 */
describe("a peer sending the widest history queries", () => {
  const suite = useFleet();

  it("is charged by topics times page size, so a burst of them is refused after the first", async () => {
    const fleet = suite.fleet();
    // Default query limits; pushes unthrottled only to fill the store quickly.
    const server = await fleet.start(
      await fleet.prepare({
        mail: {
          pushBurst: 100_000,
          pushesPerSecond: 100_000,
          bytesBurst: 1e9,
          bytesPerSecond: 1e9,
          maxStreamsPerPeer: TOPICS,
        },
      }),
    );
    const filler = await suite.host();
    const attacker = await suite.host();
    const topics = Array.from({ length: TOPICS }, (_, t) => `/wide/${t}`);
    const base = Date.now() - 60_000;
    for (let i = 0; i < PER_TOPIC; i++) {
      await Promise.all(
        topics.map(async (topic, t) =>
          pushEnvelope(
            filler,
            server.addrs,
            createEnvelope({
              topic,
              payload: new Uint8Array(4_096).fill(t),
              timestamp: base + i * 100,
              ttl: 3_600,
            }),
          ),
        ),
      );
    }

    const burst = MAIL_SERVICE_DEFAULTS.queryBurst;
    const started = Date.now();
    const results: PromiseSettledResult<Awaited<ReturnType<typeof queryHistory>>>[] = [];
    for (let i = 0; i < burst; i++) {
      results.push(
        ...(await Promise.allSettled([
          queryHistory(attacker, server.addrs, { topics, pageSize: MAIL_SERVICE_DEFAULTS.maxPageSize }),
        ])),
      );
    }
    const answered = results.filter((result) => result.status === "fulfilled");
    const refused = results.flatMap((result) =>
      result.status === "rejected" ? [(result.reason as Error).name] : [],
    );
    console.log(
      `${burst} queries of ${TOPICS} topics x ${MAIL_SERVICE_DEFAULTS.maxPageSize} envelopes (${TOPICS * PER_TOPIC} envelopes of 4 KiB match) back to back: ${answered.length} answered, ${refused.length} refused (${[...new Set(refused)].join(", ")}) in ${Date.now() - started} ms`,
    );
    for (const result of answered)
      expect(result.value.envelopes).toHaveLength(MAIL_SERVICE_DEFAULTS.maxPageSize);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(answered.length).toBeLessThanOrEqual(2);
    expect(new Set(refused)).toEqual(new Set(["MailRateLimitedError"]));
    // A narrow query of the same peer waits only for the bucket to refill, then is answered.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const narrow = await queryHistory(attacker, server.addrs, { topics: [topics[0]!], pageSize: 10 });
    expect(narrow.envelopes).toHaveLength(10);
  }, 120_000);
});
