/**
 * Orders byte strings as SQLite orders blobs (memcmp, then length): how listings break ties
 * between items at the same position.
 *
 * @param a - Bytes.
 * @param b - Bytes.
 * @returns Negative, zero or positive.
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.byteLength - b.byteLength;
}
