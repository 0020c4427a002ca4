import { Socket } from "node:net";

import type { TCPOptions } from "@libp2p/tcp";
import { tcp } from "@libp2p/tcp";
import { AbstractMessageStream } from "@libp2p/utils";

/** The field of libp2p's TCP connection the rule below reads (absent on other message streams). */
interface MaybeSocket {
  socket?: unknown;
}

let coalesceRuleApplied = false;

/**
 * Makes every TCP connection of the process hand each batch of bytes it sends to its socket as one
 * write. libp2p's TCP connection writes a batch piece by piece, and every Noise message reaches it
 * in two pieces (its length prefix and its ciphertext): each a `write` system call and a write
 * request of its own. With the socket corked while the batch is written, Node.js sends the pieces
 * in one `writev`. The bytes, their order and the
 * backpressure (`write` still answers whether the socket wants a pause) are unchanged. The rule
 * applies to `AbstractMessageStream` (from `@libp2p/utils`, the base of libp2p's TCP connection),
 * once per process, and only to the streams that own a `net.Socket`.
 */
function coalesceSocketWrites(): void {
  if (coalesceRuleApplied) return;
  coalesceRuleApplied = true;
  const prototype = AbstractMessageStream.prototype as unknown as {
    processSendQueue: (this: MaybeSocket) => boolean;
  };
  const processSendQueue = prototype.processSendQueue;
  prototype.processSendQueue = function (this: MaybeSocket): boolean {
    const socket = this.socket;
    if (!(socket instanceof Socket) || socket.writableCorked > 0) return processSendQueue.call(this);
    socket.cork();
    try {
      return processSendQueue.call(this);
    } finally {
      socket.uncork();
    }
  };
}

/**
 * The TCP transport of every Waymark host: libp2p's, whose connections write each batch of bytes
 * in one system call (see `coalesceSocketWrites`).
 *
 * @param options - libp2p's TCP options.
 * @returns The transport factory, for libp2p's `transports`.
 */
export function waymarkTcp(options?: TCPOptions): ReturnType<typeof tcp> {
  coalesceSocketWrites();
  return tcp(options);
}
