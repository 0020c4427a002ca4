/** Why items were pulled from a peer: to catch up after a start, or by periodic anti-entropy. */
export type SyncReason = "catch-up" | "anti-entropy";
