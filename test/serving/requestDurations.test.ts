import type { Libp2p, Stream } from "@libp2p/interface";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { MAIL_PROTOCOL_1_1, MAIL_PROTOCOLS } from "../../client/mail/protocol/constants.js";
import { MailInvalidEnvelopeError } from "../../client/mail/protocol/errors.js";
import { roundTrip } from "../../client/mail/protocol/roundTrip.js";
import { lengthPrefixed } from "../../node/serving/frameReader.js";
import type { RequestTimer } from "../../node/serving/requestDurations.js";
import { RequestDurations } from "../../node/serving/requestDurations.js";
import type { RequestHandlers } from "../../node/serving/serveRequest.js";
import { serveSession } from "../../node/serving/serveSession.js";
import { mailServing } from "../helpers/mailServing.js";
import { waitFor } from "../mail/helpers.js";

const shutdown = new AbortController();
/** Each observation a timer received, in order. */
function recordingTimer(): RequestTimer & { seen: { ms: number; failed: boolean }[] } {
  const seen: { ms: number; failed: boolean }[] = [];
  return {
    seen,
    observe(ms, failed) {
      seen.push({ ms, failed });
    },
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Request durations: each answered request is timed once, with its outcome, from its first bytes
 * to its answer; the wait for a session's next request is not in it.
 */
describe("request durations", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  /** A server serving sessions with `handlers`, and a client connected to it. */
  async function serve(timer: RequestTimer, handlers: RequestHandlers) {
    const server = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(server, client);
    const init = mailServing(shutdown.signal, { timer });
    const sessions: Promise<void>[] = [];
    const streams: Stream[] = [];
    await server.handle(MAIL_PROTOCOL_1_1, (stream, connection) => {
      streams.push(stream);
      sessions.push(serveSession(stream, init, handlers, connection));
    });
    const connection = await client.dial(server.getMultiaddrs());
    const send = async (text: string): Promise<string> => {
      const { frame } = await roundTrip(connection, server.peerId, {
        protocols: MAIL_PROTOCOLS,
        request: encoder.encode(text),
      });
      return decoder.decode(frame.subarray());
    };
    return { connection, send, sessions, streams };
  }

  it("times each answered request once, an error answer as failed", async () => {
    const timer = recordingTimer();
    const { send } = await serve(timer, {
      handle: async (frame) => {
        const text = decoder.decode(frame.subarray());
        if (text === "refuse") throw new MailInvalidEnvelopeError("refused");
        return Promise.resolve(frame.subarray());
      },
    });
    expect(await send("one")).toBe("one");
    await send("refuse");
    expect(await send("two")).toBe("two");
    expect(timer.seen.map(({ failed }) => failed)).toEqual([false, true, false]);
  });

  it("counts the handler's time, and not the session's wait for the next request", async () => {
    const timer = recordingTimer();
    let hold: PromiseWithResolvers<void> | undefined;
    const entered = Promise.withResolvers<number>();
    const { send } = await serve(timer, {
      handle: async (frame) => {
        entered.resolve(performance.now());
        await hold?.promise;
        return frame.subarray();
      },
    });
    // A request the handler holds for at least 50 ms from its entry.
    hold = Promise.withResolvers();
    const held = send("held");
    const holdStarted = await entered.promise;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heldFor = performance.now() - holdStarted;
    hold.resolve();
    await held;
    hold = undefined;
    // The session stays idle 200 ms, then one more request.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = performance.now();
    await send("after a pause");
    const roundTripMs = performance.now() - sent;

    expect(timer.seen).toHaveLength(2);
    expect(timer.seen[0]!.ms).toBeGreaterThanOrEqual(heldFor);
    // The server's span lies inside the client's round trip (one process, one clock): the 200 ms
    // the stream waited for this request are not in it.
    expect(timer.seen[1]!.ms).toBeLessThanOrEqual(roundTripMs);
  });

  it("does not time a request whose stream went away before its answer", async () => {
    const timer = recordingTimer();
    const handled = Promise.withResolvers<undefined>();
    const release = Promise.withResolvers<undefined>();
    const { connection, sessions, streams } = await serve(timer, {
      handle: async (frame) => {
        handled.resolve(undefined);
        await release.promise;
        return frame.subarray();
      },
    });
    const stream = await connection.newStream(MAIL_PROTOCOL_1_1);
    stream.send(lengthPrefixed(encoder.encode("never answered")));
    await handled.promise;
    stream.abort(new Error("the client left"));
    // The server's side sees the reset before the handler answers.
    await waitFor(() => streams.every((served) => served.status !== "open"), "the reset to reach the server");
    release.resolve(undefined);
    await Promise.allSettled(sessions);
    expect(timer.seen).toHaveLength(0);
  });

  it("exposes the durations as a Prometheus histogram by traffic and outcome", async () => {
    const durations = new RequestDurations("example");
    const registry = new Registry();
    durations.register(registry);
    const client = durations.timer("client");
    expect(durations.timer("client")).toBe(client);
    client.observe(3, false);
    client.observe(700, false);
    client.observe(40, true);
    durations.timer("node");
    const text = await registry.metrics();
    const line = (name: string): string | undefined =>
      text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
    expect(
      line('waymark_example_request_duration_seconds_bucket{le="0.005",traffic="client",outcome="ok"}'),
    ).toMatch(/ 1$/);
    expect(
      line('waymark_example_request_duration_seconds_bucket{le="0.75",traffic="client",outcome="ok"}'),
    ).toMatch(/ 2$/);
    expect(line('waymark_example_request_duration_seconds_count{traffic="client",outcome="error"}')).toMatch(
      / 1$/,
    );
    // A traffic with no request yet is there, at zero.
    expect(line('waymark_example_request_duration_seconds_count{traffic="node",outcome="ok"}')).toMatch(
      / 0$/,
    );
    expect(line('waymark_example_request_duration_seconds_sum{traffic="client",outcome="ok"}')).toMatch(
      / 0\.703$/,
    );
  });
});
