import type { Libp2p, Stream } from "@libp2p/interface";
import type { LengthPrefixedStream } from "@libp2p/utils";
import { lpStream } from "@libp2p/utils";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { MAIL_PROTOCOL_1_1 } from "../../client/mail/protocol/constants.js";
import type { RequestHandlers } from "../../node/serving/serveRequest.js";
import type { ServeSessionInit } from "../../node/serving/serveSession.js";
import { serveSession } from "../../node/serving/serveSession.js";
import { mailServing } from "../helpers/mailServing.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Tracks the listeners added to a stream from now on: those still there are in the set returned
 * (by event and listener).
 */
function trackListeners(stream: Stream): Set<string> {
  const added = new Set<string>();
  const ids = new Map<unknown, number>();
  const key = (type: string, listener: unknown): string => {
    if (!ids.has(listener)) ids.set(listener, ids.size);
    return `${type} ${ids.get(listener)}`;
  };
  const add = stream.addEventListener.bind(stream);
  const remove = stream.removeEventListener.bind(stream);
  stream.addEventListener = ((type: string, listener: unknown, options?: unknown) => {
    added.add(key(type, listener));
    (add as (...args: unknown[]) => void)(type, listener, options);
  }) as Stream["addEventListener"];
  stream.removeEventListener = (type: string, listener: unknown, options?: unknown) => {
    added.delete(key(type, listener));
    (remove as (...args: unknown[]) => void)(type, listener, options);
  };
  return added;
}

/**
 * The waits between a session's requests: each may last the idle limit, counted from the answer
 * before it; the peer's end, the service's shutdown and the limit each end the session, and an
 * ended session leaves nothing on its stream.
 */
describe("a session's wait for its next request", () => {
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  /** A server serving sessions of echoed frames, and one session's stream to it. */
  async function session(extra: Partial<ServeSessionInit>, handlers?: RequestHandlers) {
    const server = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(server, client);
    const init = mailServing(extra.shutdown ?? new AbortController().signal, extra);
    const served = Promise.withResolvers<{ stream: Stream; left: Set<string>; ended: Promise<void> }>();
    await server.handle(MAIL_PROTOCOL_1_1, (stream, connection) => {
      const left = trackListeners(stream);
      const ended = serveSession(
        stream,
        init,
        handlers ?? { handle: async (frame) => Promise.resolve(frame.subarray()) },
        connection,
      );
      served.resolve({ stream, left, ended });
    });
    const connection = await client.dial(server.getMultiaddrs());
    const stream = await connection.newStream(MAIL_PROTOCOL_1_1);
    const lp: LengthPrefixedStream<Stream> = lpStream(stream);
    const ask = async (text: string): Promise<string> => {
      await lp.write(encoder.encode(text));
      return decoder.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray());
    };
    // The server sees the stream once its first request arrives.
    expect(await ask("first")).toBe("first");
    return { stream, ask, server: await served.promise };
  }

  it("counts the idle limit from each answer, so a session that keeps asking stays open", async () => {
    const { stream, ask, server } = await session({ idleTimeoutMs: 1_000 });
    // Five requests 300 ms apart: 1.5 s in all, longer than the limit, no wait as long.
    for (let i = 0; i < 5; i++) {
      await sleep(300);
      expect(await ask(`again ${i}`)).toBe(`again ${i}`);
    }
    expect(stream.remoteWriteStatus).toBe("writable");
    // Then a wait longer than the limit: the server ends the stream.
    await server.ended;
    expect(server.stream.writeStatus).not.toBe("writable");
  });

  it("serves the next request after one that took longer than the idle limit", async () => {
    const { ask } = await session(
      { idleTimeoutMs: 200 },
      {
        handle: async (frame) => {
          const text = decoder.decode(frame.subarray());
          if (text === "slow") await sleep(500);
          return frame.subarray();
        },
      },
    );
    expect(await ask("slow")).toBe("slow");
    expect(await ask("right after")).toBe("right after");
  });

  it("ends a waiting session when the service shuts down", async () => {
    const shutdown = new AbortController();
    const { server } = await session({ shutdown: shutdown.signal });
    shutdown.abort(new Error("stopping"));
    await server.ended;
    expect(server.stream.writeStatus).not.toBe("writable");
  });

  it("ends when the peer ends its stream, leaving no listener of its own on the stream", async () => {
    const { stream, ask, server } = await session({});
    expect(await ask("second")).toBe("second");
    // Waiting: the session listens to the stream.
    expect(server.left.size).toBeGreaterThan(0);
    await stream.close();
    await server.ended;
    expect(server.left.size).toBe(0);
  });
});
