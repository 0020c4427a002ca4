import { YamuxStream } from "@chainsafe/libp2p-yamux/stream";
import { describe, expect, it } from "vitest";

import { exchange, openEchoStream } from "../helpers/echoStream.js";
import { useHostsAndListeners } from "../helpers/hostsAndListeners.js";

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

describe("Yamux window updates on Waymark hosts", () => {
  const { hosts } = useHostsAndListeners();

  it("sends none while a stream's small messages use less than half its window", async () => {
    const stream = await openEchoStream(hosts);
    const updates = countWindowUpdates();
    try {
      // 64 KiB each way in 1 KiB messages: a quarter of the 256 KiB window.
      for (let i = 0; i < 64; i++) await exchange(stream, new Uint8Array(1024).fill(i));
      expect(updates.count()).toBe(0);
    } finally {
      updates.restore();
    }
  });

  it("still lets a stream carry many windows' worth, updating once half a window is read", async () => {
    const stream = await openEchoStream(hosts);
    const updates = countWindowUpdates();
    try {
      // 4 MiB each way in 64 KiB messages: 16 windows of 256 KiB.
      for (let i = 0; i < 64; i++) await exchange(stream, new Uint8Array(65_536).fill(i));
      // Both ends read 4 MiB: an update per half window (128 KiB) read, about 32 each, or fewer
      // once js-yamux grows the window; one per data frame would be 64 or more each.
      expect(updates.count()).toBeGreaterThan(0);
      expect(updates.count()).toBeLessThanOrEqual(2 * 34);
    } finally {
      updates.restore();
    }
  });
});
