import type { ConnectionGater, MultiaddrConnection } from "@libp2p/interface";

/** Options of {@link HandshakeQueue}. */
export interface HandshakeQueueInit {
  /** Inbound connections negotiating encryption at once; the others wait their turn. */
  concurrency: number;
}

/**
 * Lets a bounded number of inbound connections run their encryption handshake at once and holds
 * the others, in arrival order, until one of those finishes, instead of refusing them. A burst of
 * arrivals at a busy node then completes in order: without the queue every arrival runs at once,
 * each gets a sliver of the event loop, and all of them can run into libp2p's inbound upgrade
 * timeout together. A held connection keeps its TCP socket open and unread (the client's first
 * handshake message waits in the socket buffer); libp2p's inbound upgrade timeout still bounds
 * the whole wait, and libp2p's `maxIncomingPendingConnections` bounds how many are held.
 *
 * It acts through the connection gater: {@link HandshakeQueue.gater} waits for a turn in
 * `denyInboundConnection` and hands the turn on in `denyInboundEncryptedConnection`, or when the
 * connection closes first (a failed or timed-out handshake).
 */
export class HandshakeQueue {
  private readonly concurrency: number;
  private readonly running = new Set<MultiaddrConnection>();
  private readonly waiting: { maConn: MultiaddrConnection; admit: () => void }[] = [];
  private admittedTotal = 0;
  private heldTotal = 0;

  /**
   * @param init - How many handshakes run at once.
   */
  constructor(init: HandshakeQueueInit) {
    if (!Number.isInteger(init.concurrency) || init.concurrency < 1) {
      throw new RangeError(`handshake concurrency must be a positive integer, got ${init.concurrency}`);
    }
    this.concurrency = init.concurrency;
  }

  /** Connections handshaking now. */
  get handshaking(): number {
    return this.running.size;
  }

  /** Connections waiting for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Connections admitted since start, and how many of them had to wait. */
  get totals(): { admitted: number; held: number } {
    return { admitted: this.admittedTotal, held: this.heldTotal };
  }

  /**
   * The connection-gater hooks that apply the queue; merge them into the host's gater.
   *
   * @returns `denyInboundConnection` and `denyInboundEncryptedConnection`, which never deny.
   */
  gater(): Pick<ConnectionGater, "denyInboundConnection" | "denyInboundEncryptedConnection"> {
    return {
      denyInboundConnection: async (maConn) => {
        await this.enter(maConn);
        return false;
      },
      denyInboundEncryptedConnection: (_peer, maConn) => {
        this.leave(maConn);
        return false;
      },
    };
  }

  /**
   * Resolves when `maConn` may start its handshake: at once while fewer than `concurrency` run,
   * else when it reaches the head of the queue and a turn frees. A connection that closes while
   * waiting leaves the queue (its promise never resolves; libp2p has given up on it already).
   *
   * @param maConn - The inbound connection, before encryption.
   */
  async enter(maConn: MultiaddrConnection): Promise<void> {
    maConn.addEventListener(
      "close",
      () => {
        this.leave(maConn);
      },
      { once: true },
    );
    if (this.running.size < this.concurrency && this.waiting.length === 0) {
      this.admit(maConn);
      return;
    }
    this.heldTotal += 1;
    await new Promise<void>((resolve) => {
      this.waiting.push({ maConn, admit: resolve });
    });
  }

  /**
   * Ends `maConn`'s turn (encrypted, or closed) or takes it out of the queue, and lets the next
   * waiting connection start. Idempotent.
   *
   * @param maConn - The inbound connection.
   */
  leave(maConn: MultiaddrConnection): void {
    if (this.running.delete(maConn)) {
      this.next();
      return;
    }
    const index = this.waiting.findIndex((entry) => entry.maConn === maConn);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  private admit(maConn: MultiaddrConnection): void {
    this.running.add(maConn);
    this.admittedTotal += 1;
  }

  private next(): void {
    while (this.running.size < this.concurrency) {
      const entry = this.waiting.shift();
      if (entry === undefined) return;
      if (entry.maConn.status !== "open") continue;
      this.admit(entry.maConn);
      entry.admit();
    }
  }
}
