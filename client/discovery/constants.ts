/**
 * Bootstrap addresses the registry keeps per node at most (`MAX_BOOTSTRAP_ADDRS` in the contract);
 * a client reads no more of one record.
 */
export const MAX_RECORD_ADDRESSES = 4;

/** Longest bootstrap address the registry accepts, in bytes; a client skips longer ones. */
export const MAX_RECORD_ADDRESS_BYTES = 256;

/** Characters of an unusable address quoted in a report, so a report stays small. */
export const QUOTED_ADDRESS_CHARS = 80;

/**
 * Milliseconds discovery waits, after joining the DHT, for every connected DHT peer to be in the
 * routing table before it searches (see `untilRouted`); identify takes one round trip.
 */
export const ROUTING_WAIT_MS = 1_000;

/**
 * Milliseconds `joinNetwork` still waits for the other entry points of a wave once one answered:
 * long enough for dials on one network to complete together, short beside a dial's timeout.
 */
export const JOIN_GRACE_MS = 100;
