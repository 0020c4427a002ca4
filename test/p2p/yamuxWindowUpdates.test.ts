import type { Libp2p, Stream } from "@libp2p/interface";
import { YamuxStream } from "@chainsafe/libp2p-yamux/stream";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";

const ECHO = "/waymark-test/echo/1.0.0";

/** Counts the window updates (without SYN or ACK) the streams of this process receive. */
function countWindowUpdates(): { count: () => number; restore: () => void } {
  const prototype = YamuxStream.prototype as unknown as {
    handleWindowUpdate: (this: unknown, frame: { header: { flag: number } }) => void;
  };
  const original = prototype.handleWindowUpdate;
  let updates = 0;
  prototype.handleWindowUpdate = function (frame) {
    if (frame.header.flag === 0) updates += 1;
    original.call(this, frame);
  };
  return {
    count: () => updates,
    restore: () => {
      prototype.handleWindowUpdate = original;
    },
  };
}

/** Sends `bytes` on the stream and resolves once `expected` bytes came back. */
async function exchange(stream: Stream, bytes: Uint8Array, expected: number): Promise<void> {
  await new Promise<void>((resolve) => {
    let received = 0;
    const onMessage = (event: { data: { byteLength: number } }): void => {
      received += event.data.byteLength;
      if (received < expected) return;
      stream.removeEventListener("message", onMessage);
      resolve();
    };
    stream.addEventListener("message", onMessage);
    stream.send(bytes);
  });
}

describe("Yamux window updates on Waymark hosts", () => {
  const hosts: Libp2p<BaseServices>[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
  });

  async function echoPair(): Promise<Stream> {
    const [a, b] = await Promise.all(
      Array.from({ length: 2 }, async () =>
        createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
      ),
    );
    hosts.push(a!, b!);
    await b!.handle(ECHO, (stream) => {
      stream.addEventListener("message", (event) => {
        stream.send(event.data);
      });
    });
    return a!.dialProtocol(b!.getMultiaddrs()[0]!, ECHO);
  }

  it("sends none while a stream's small messages use less than half its window", async () => {
    const stream = await echoPair();
    const updates = countWindowUpdates();
    try {
      // 64 KiB each way in 1 KiB messages: a quarter of the 256 KiB window.
      for (let i = 0; i < 64; i++) await exchange(stream, new Uint8Array(1024).fill(i), 1024);
      expect(updates.count()).toBe(0);
    } finally {
      updates.restore();
    }
  });

  it("still lets a stream carry many windows' worth, updating once half a window is read", async () => {
    const stream = await echoPair();
    const updates = countWindowUpdates();
    try {
      // 4 MiB each way in 64 KiB messages: 16 windows of 256 KiB.
      for (let i = 0; i < 64; i++) await exchange(stream, new Uint8Array(65_536).fill(i), 65_536);
      // Both ends read 4 MiB: an update per half window (128 KiB) read, about 32 each, or fewer
      // once js-yamux grows the window; one per data frame would be 64 or more each.
      expect(updates.count()).toBeGreaterThan(0);
      expect(updates.count()).toBeLessThanOrEqual(2 * 34);
    } finally {
      updates.restore();
    }
  });
});
