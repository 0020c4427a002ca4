/** The libp2p service key the records runtime is mounted under (and its configuration section). */
export const RECORDS_RUNTIME_KEY = "records";

/** Scoped logger name of the records service. */
export const RECORDS_LOG_COMPONENT = "waymark:records";

/** File name of the records store inside the service's data folder. */
export const RECORDS_STORE_FILE = "records.sqlite";

/** Milliseconds between prunes of the rate-limit buckets of idle peers and owners. */
export const RECORDS_PRUNE_INTERVAL_MS = 60_000;
