import type { PrivateKey } from "@libp2p/interface";

/** A real key that counts the messages it signed which `counts` picks out. */
export interface CountingKey<K extends PrivateKey> {
  /** The key to hand to the host: it signs as the real key does. */
  readonly key: K;
  /** How many picked-out messages it signed so far. */
  signatures(): number;
}

/**
 * Wraps a real key so that a test can count what a host asks it to sign: every call reaches the
 * real key; those whose message `counts` picks out are counted.
 *
 * @param key - The real key.
 * @param counts - Picks out the messages to count (a Noise payload, a peer record envelope, …).
 * @returns The wrapped key and its count.
 */
export function countingKey<K extends PrivateKey>(
  key: K,
  counts: (message: Uint8Array) => boolean,
): CountingKey<K> {
  let count = 0;
  const counted = Object.create(key) as K;
  Object.defineProperty(counted, "sign", {
    value: (message: Uint8Array, options?: { signal?: AbortSignal }) => {
      if (counts(message)) count += 1;
      return key.sign(message, options);
    },
  });
  return { key: counted, signatures: () => count };
}
