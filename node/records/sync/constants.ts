/** Node-to-node protocol, version 1.0: replication, digests and catch-up between records servers. */
export const RECORDS_SYNC_PROTOCOL_1_0 = "/waymark/records/sync/1.0.0";

/** The node-to-node protocol versions this code speaks, newest first. */
export const RECORDS_SYNC_PROTOCOLS: readonly string[] = [RECORDS_SYNC_PROTOCOL_1_0];

/**
 * Most records one node-to-node request or answer may carry (a replication batch, a fetch answer):
 * decoding stops beyond it, so no frame makes a node verify more signatures at once.
 */
export const MAX_SYNC_RECORDS = 1_024;

/** Most ids one node-to-node request or answer may carry (a fetch, an id listing). */
export const MAX_SYNC_IDS = 16_384;
