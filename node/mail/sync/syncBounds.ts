/**
 * Most envelopes one node-to-node request or answer may carry (a replication batch, a fetch
 * answer): decoding stops beyond it, so no frame makes a node check more at once.
 */
export const MAX_SYNC_ENVELOPES = 4_096;

/** Most ids one node-to-node request or answer may carry (a fetch, an id listing). */
export const MAX_SYNC_IDS = 16_384;
