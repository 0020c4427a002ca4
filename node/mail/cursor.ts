import { ENVELOPE_ID_BYTES } from "../../client/mail/protocol/constants.js";
import { MailInvalidQueryError } from "../../client/mail/protocol/errors.js";
import type { Position } from "./store/types.js";

export { compareBytes } from "../replication/compareBytes.js";

/** Version byte of the cursor format. */
const CURSOR_VERSION = 1;
/** Version byte, 8-byte timestamp, id. */
const CURSOR_BYTES = 1 + 8 + ENVELOPE_ID_BYTES;

/**
 * Encodes a position as the opaque cursor clients pass back: version, timestamp (big-endian u64)
 * and id. Keyset paging: a page continues strictly after the position, so envelopes that arrive
 * meanwhile never shift pages.
 *
 * @param position - The last envelope of a page.
 * @returns 41 bytes.
 */
export function encodeCursor(position: Position): Uint8Array {
  const cursor = new Uint8Array(CURSOR_BYTES);
  const view = new DataView(cursor.buffer);
  cursor[0] = CURSOR_VERSION;
  view.setBigUint64(1, BigInt(position.timestamp));
  cursor.set(position.id, 9);
  return cursor;
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 *
 * @param cursor - The bytes a client sent; empty for none.
 * @returns The position, or undefined for an empty cursor.
 * @throws MailInvalidQueryError when the bytes are not a cursor of this node.
 */
export function decodeCursor(cursor: Uint8Array): Position | undefined {
  if (cursor.byteLength === 0) return undefined;
  if (cursor.byteLength !== CURSOR_BYTES || cursor[0] !== CURSOR_VERSION) {
    throw new MailInvalidQueryError("The cursor was not issued by this node");
  }
  const timestamp = new DataView(cursor.buffer, cursor.byteOffset, cursor.byteLength).getBigUint64(1);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw new MailInvalidQueryError("The cursor is out of range");
  return { timestamp: Number(timestamp), id: cursor.slice(9) };
}
