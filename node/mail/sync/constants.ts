/** Node-to-node protocol, version 1.0: replication, digests and catch-up between mail servers. */
export const MAIL_SYNC_PROTOCOL_1_0 = "/waymark/mail/sync/1.0.0";

/** The node-to-node protocol versions this code speaks, newest first. */
export const MAIL_SYNC_PROTOCOLS: readonly string[] = [MAIL_SYNC_PROTOCOL_1_0];
