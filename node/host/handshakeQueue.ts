import type { ConnectionGater, MultiaddrConnection } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

/** Options of {@link HandshakeQueue}. */
export interface HandshakeQueueInit {
  /** Inbound connections negotiating encryption at once; the others wait their turn. */
  concurrency: number;
  /** Connections that may wait at once; a later arrival is refused. */
  capacity: number;
  /**
   * Remote addresses that may wait even when the queue is full (libp2p's allow list exempts them
   * from its limits too). They still wait their turn.
   * @default none
   */
  exempt?: ((remote: Multiaddr) => boolean) | undefined;
}

/** What a {@link HandshakeQueue} has done, as `/status` and `/metrics` show it. */
export interface HandshakeQueueFigures {
  /** Connections running their handshake now. */
  running: number;
  /** Connections waiting for their turn now. */
  queued: number;
  /** The most connections that waited at once since start. */
  highestQueued: number;
  /** Connections admitted to their handshake since start. */
  admitted: number;
  /** Connections since start that had to wait for their turn. */
  waited: number;
  /** Connections since start refused because the queue was full. */
  refused: number;
}

/**
 * Lets a bounded number of inbound connections run their encryption handshake at once and holds
 * the others, in arrival order, until one of those finishes, instead of refusing them. A burst of
 * arrivals at a busy node then completes in order: without the queue every arrival runs at once,
 * each gets a sliver of the event loop, and all of them can run into libp2p's inbound upgrade
 * timeout together. A held connection keeps its TCP socket open and unread (the client's first
 * handshake message waits in the socket buffer); libp2p's inbound upgrade timeout still bounds
 * the whole wait. At most `capacity` connections wait; a later arrival is refused (and counted)
 * unless its address is exempt.
 *
 * It acts through the connection gater: {@link HandshakeQueue.gater} waits for a turn in
 * `denyInboundConnection` (or denies the connection when the queue is full) and hands the turn on in `denyInboundEncryptedConnection`, or when the
 * connection closes first (a failed or timed-out handshake).
 */
export class HandshakeQueue {
  private readonly concurrency: number;
  private readonly capacity: number;
  private readonly exempt: (remote: Multiaddr) => boolean;
  private readonly running = new Set<MultiaddrConnection>();
  private readonly waiting: { maConn: MultiaddrConnection; admit: () => void }[] = [];
  private admittedTotal = 0;
  private heldTotal = 0;
  private refusedTotal = 0;
  private highestQueued = 0;

  /**
   * @param init - How many handshakes run at once, and how many connections may wait.
   * @throws RangeError when `concurrency` is not a positive integer or `capacity` not a
   * non-negative one.
   */
  constructor(init: HandshakeQueueInit) {
    if (!Number.isInteger(init.concurrency) || init.concurrency < 1) {
      throw new RangeError(`handshake concurrency must be a positive integer, got ${init.concurrency}`);
    }
    if (!Number.isInteger(init.capacity) || init.capacity < 0) {
      throw new RangeError(`handshake queue capacity must be a non-negative integer, got ${init.capacity}`);
    }
    this.concurrency = init.concurrency;
    this.capacity = init.capacity;
    this.exempt = init.exempt ?? ((): boolean => false);
  }

  /** What the queue holds now and has done since start. */
  get figures(): HandshakeQueueFigures {
    return {
      running: this.running.size,
      queued: this.waiting.length,
      highestQueued: this.highestQueued,
      admitted: this.admittedTotal,
      waited: this.heldTotal,
      refused: this.refusedTotal,
    };
  }

  /**
   * The connection-gater hooks that apply the queue; merge them into the host's gater.
   *
   * @returns `denyInboundConnection`, which denies an arrival only when the queue is full, and
   * `denyInboundEncryptedConnection`, which never denies.
   */
  gater(): Pick<ConnectionGater, "denyInboundConnection" | "denyInboundEncryptedConnection"> {
    return {
      denyInboundConnection: async (maConn) => !(await this.enter(maConn)),
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
   * An arrival that finds `capacity` connections waiting is refused at once, unless exempt.
   *
   * @param maConn - The inbound connection, before encryption.
   * @returns True once admitted; false when refused because the queue is full.
   */
  async enter(maConn: MultiaddrConnection): Promise<boolean> {
    const mustWait = this.running.size >= this.concurrency || this.waiting.length > 0;
    if (mustWait && this.waiting.length >= this.capacity && !this.exempt(maConn.remoteAddr)) {
      this.refusedTotal += 1;
      return false;
    }
    maConn.addEventListener(
      "close",
      () => {
        this.leave(maConn);
      },
      { once: true },
    );
    if (!mustWait) {
      this.admit(maConn);
      return true;
    }
    this.heldTotal += 1;
    await new Promise<void>((resolve) => {
      this.waiting.push({ maConn, admit: resolve });
      this.highestQueued = Math.max(this.highestQueued, this.waiting.length);
    });
    return true;
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
