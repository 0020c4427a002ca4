import type { AuditSource } from "../../../client/mail/protocol/audit/source.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { MailStore } from "../store/types.js";

/** Digest sums are compared modulo 2^53, as they travel. */
const DIGEST_SUM_MODULUS = 2n ** 53n;

/**
 * A node's own store as an audit source: read in place, no bytes moved, no quota charged.
 *
 * @param store - The store.
 * @param name - How the report names it (the node's peer id).
 * @param clock - Milliseconds since the epoch (what has expired).
 * @param providerId - The node's provider, when known.
 * @returns The source.
 */
export function storeAuditSource(
  store: MailStore,
  name: string,
  clock: () => number,
  providerId?: string,
): AuditSource {
  return {
    name,
    providerId,
    digest: async (range, buckets) => ({
      buckets: (await store.digest(range.from, range.to, buckets, clock())).map((bucket) => ({
        count: bucket.count,
        sum: Number(bucket.sum % DIGEST_SUM_MODULUS),
      })),
      floor: store.stats().floor,
      bytes: 0,
    }),
    ids: async (range, cursor, limit) => {
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const page = await store.listIds(range.from, range.to, after, limit, clock());
      return { ids: page.ids, cursor: page.next && encodeCursor(page.next), bytes: 0 };
    },
  };
}
