import { join } from "node:path";
import type { Worker } from "node:worker_threads";

import { afterEach } from "vitest";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { MailStore, StoredEnvelope } from "../../node/mail/store/types.js";
import { Harness, payloadOf } from "./helpers.js";

/** The clock of the thread-store tests: every store opened by {@link useThreadedStores} reads it. */
export const NOW = 1_800_000_000_000;

/** Envelopes numbered from 0, each distinct, unexpired at {@link NOW}. */
export interface NumberedEnvelopes {
  /**
   * Envelope `n`: its number in the payload's first bytes, on one of ten topics.
   *
   * @param n - Its number.
   * @param size - Payload bytes. @default the size given to {@link numberedEnvelopes}
   */
  readonly stored: (n: number, size?: number) => StoredEnvelope;
  /**
   * Envelopes `first` to `first + count - 1`.
   *
   * @param count - How many.
   * @param first - The first number. @default 0
   */
  readonly many: (count: number, first?: number) => StoredEnvelope[];
}

/**
 * Numbered envelopes of one payload size.
 *
 * @param size - Payload bytes of each.
 * @returns The makers.
 */
export function numberedEnvelopes(size: number): NumberedEnvelopes {
  const stored = (n: number, bytes = size): StoredEnvelope => {
    const payload = payloadOf(bytes);
    new DataView(payload.buffer).setUint32(0, n);
    const envelope = createEnvelope({
      topic: `/t/${n % 10}`,
      payload,
      timestamp: NOW - 100_000 + n,
      ttl: 3_600,
    });
    return { ...envelope, expiresAt: NOW + 3_600_000 };
  };
  return {
    stored,
    many: (count, first = 0) => Array.from({ length: count }, (_, i) => stored(first + i)),
  };
}

/**
 * The store's thread, reached past its privacy (to stop it as a crash would, or to watch what
 * crosses it).
 *
 * @param store - The store.
 * @returns Its worker.
 */
export function threadOf(store: ThreadedSqliteMailStore): Worker {
  return (store as unknown as { committer: { worker: Worker } }).committer.worker;
}

/**
 * The store's read thread, reached past its privacy.
 *
 * @param store - The store.
 * @returns Its worker, or undefined when the store has none (a store in memory).
 */
export function readThreadOf(store: ThreadedSqliteMailStore): Worker | undefined {
  return (store as unknown as { reader: { worker: Worker } | undefined }).reader?.worker;
}

/** Thread stores of a test, closed after it with their folders removed. */
export interface ThreadedStores {
  /** Stores to close after the test. */
  readonly stores: MailStore[];
  /** A `mail.sqlite` path in a fresh folder, removed after the test. */
  readonly newPath: () => Promise<string>;
  /**
   * Opens a thread store on {@link NOW}'s clock, closed after the test.
   *
   * @param at - The file.
   * @param init - Store options.
   */
  readonly open: (at: string, init?: { maxBatchSize?: number }) => Promise<ThreadedSqliteMailStore>;
}

/**
 * Thread stores for a file's tests: after each test, every store opened is closed and every folder
 * removed.
 *
 * @returns The stores' maker.
 */
export function useThreadedStores(): ThreadedStores {
  const harness = new Harness();
  const stores: MailStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async (store) => store.close()));
    await harness.cleanup();
  });
  return {
    stores,
    newPath: async () => join(await harness.tempDir(), "mail.sqlite"),
    open: async (at, init = {}) => {
      const store = await ThreadedSqliteMailStore.open({ path: at, clock: () => NOW, ...init });
      stores.push(store);
      return store;
    },
  };
}
