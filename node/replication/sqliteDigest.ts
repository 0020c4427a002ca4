import type { StatementSync } from "node:sqlite";

import type { DigestBucket } from "./adapter.js";

/**
 * A digest read from SQLite: `buckets` slices of equal width over `from`..`to`, each with its
 * count and checksum, empty slices included. The statement groups the live rows of the range by
 * slice; it binds `(from, width, from, to, now)` and returns `b` (the slice), `c` (the count) and
 * `s` (the checksum), read as big integers. The slice origin and width are bound as integers: a
 * JavaScript number binds as a REAL, and the slice index must be whole.
 *
 * @param statement - The kind's digest statement, with `setReadBigInts(true)`.
 * @param from - First position of the range.
 * @param to - Last position of the range.
 * @param buckets - How many slices.
 * @param now - What the kind's rows expire against.
 * @returns One bucket per slice, in order.
 */
export function readSqliteDigest(
  statement: StatementSync,
  from: number,
  to: number,
  buckets: number,
  now: number,
): DigestBucket[] {
  const width = Math.ceil((to - from + 1) / buckets);
  const result = Array.from({ length: buckets }, () => ({ count: 0, sum: 0n }));
  const rows = statement.all(BigInt(from), BigInt(width), from, to, now) as {
    b: bigint;
    c: bigint;
    s: bigint;
  }[];
  for (const row of rows) {
    const bucket = result[Number(row.b)];
    if (bucket !== undefined) {
      bucket.count = Number(row.c);
      bucket.sum = row.s;
    }
  }
  return result;
}
