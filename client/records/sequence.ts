/** The last sequence each client handed out. */
const LAST = new WeakMap<object, number>();

/**
 * A fresh sequence for a record this client signs: the current time in milliseconds, and above
 * every sequence the client handed out before (two puts in one millisecond still order).
 *
 * @param client - The client (any object identifying it).
 * @param above - A sequence the result must exceed (the one a server holds), if known.
 * @returns The sequence.
 */
export function nextSequence(client: object, above = -1): number {
  const next = Math.max(Date.now(), (LAST.get(client) ?? -1) + 1, above + 1);
  LAST.set(client, next);
  return next;
}
