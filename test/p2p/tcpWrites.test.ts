import { Socket } from "node:net";

import { describe, expect, it } from "vitest";

import { exchange, openEchoStream } from "../helpers/echoStream.js";
import { useHostsAndListeners } from "../helpers/hostsAndListeners.js";

/**
 * Records, for every `net.Socket` write of this process, whether the socket was corked (so that
 * Node.js sends the pieces of one batch in one system call when it is uncorked).
 */
function recordSocketWrites(): { corked: () => number; uncorked: () => number; restore: () => void } {
  const prototype = Socket.prototype as unknown as { write: (this: Socket, ...args: unknown[]) => boolean };
  const write = prototype.write;
  let corked = 0;
  let uncorked = 0;
  prototype.write = function (this: Socket, ...args: unknown[]): boolean {
    if (this.writableCorked > 0) corked += 1;
    else uncorked += 1;
    return write.apply(this, args);
  };
  return {
    corked: () => corked,
    uncorked: () => uncorked,
    restore: () => {
      prototype.write = write;
    },
  };
}

describe("TCP writes of Waymark hosts", () => {
  const { hosts } = useHostsAndListeners();

  it("hands each encrypted message to its socket corked, and the bytes still arrive in order", async () => {
    const stream = await openEchoStream(hosts);
    const writes = recordSocketWrites();
    const received: number[] = [];
    stream.addEventListener("message", (event) => {
      for (const byte of event.data.subarray()) received.push(byte);
    });
    try {
      // Messages from 1 byte to 200 KiB (the largest several Noise messages each), each byte its
      // index.
      const sizes = [1, 100, 1024, 70_000, 200_000];
      let sent = 0;
      for (const size of sizes) {
        await exchange(
          stream,
          Uint8Array.from({ length: size }, (_, i) => (sent + i) % 251),
        );
        sent += size;
      }
      expect(received).toHaveLength(sent);
      expect(received.every((byte, i) => byte === i % 251)).toBe(true);
      // Each Noise message is its length prefix and its ciphertext: two writes, corked together.
      expect(writes.corked()).toBeGreaterThanOrEqual(2 * sizes.length * 2);
      expect(writes.uncorked()).toBe(0);
    } finally {
      writes.restore();
    }
  });
});
