import type { PeerId } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { InitMatchesTable, OptionValues } from "../../../client/kernel/options/optionTable.js";
import type { RecordDomain } from "../../../client/records/protocol/record.js";
import type { SyncReason } from "../../replication/syncReason.js";
import type { PeerPolicyCheck } from "../../services/types.js";
import type { RecordsStore } from "../store/types.js";
import type { RecordsLimitsInit } from "./limits.generated.js";
import type { RECORDS_OPTIONS } from "./table.js";
import type { ConnectFailure } from "../../config/postgres.js";

/** Every limit resolved to a value. */
export type RecordsLimits = OptionValues<typeof RECORDS_OPTIONS>;

/** Does not compile when limits.generated.ts no longer matches the table (run `npm run docs`). */
const _generatedLimitsMatchTable: InitMatchesTable<RecordsLimitsInit, typeof RECORDS_OPTIONS> = true;

/** Options of the records service. */
export interface RecordsServiceInit extends RecordsLimitsInit {
  /** SQLite database file. @default ":memory:" */
  path?: string | undefined;
  /**
   * Makes the store instead of the `store` option's backend (another engine, a test's store);
   * called at every start.
   */
  openStore?: (() => RecordsStore | Promise<RecordsStore>) | undefined;
  /**
   * The deployment records must be signed for (the registry's chain id and address): a record
   * signed for any other deployment is refused as a bad signature.
   */
  domain: RecordDomain;
  /**
   * Checks peers against the node's replication policy (registered for the same registry and
   * `records/1`, under a provider the policy admits). Forwarding, catch-up and anti-entropy talk
   * only to allowed peers, and only they may use the node-to-node protocol.
   * @default every peer refused (no replication)
   */
  checkPeers?: PeerPolicyCheck | undefined;
  /** DHT key under which the other records servers announce themselves; absent: connected peers only. */
  serviceKey?: CID | undefined;
  /** Clock in milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /**
   * Called when the store cannot write a put (a full disk, an I/O error); the peer is answered
   * `RecordsInternalError`. The node daemon logs it.
   * @default nothing
   */
  onStoreError?: ((error: Error) => void) | undefined;
  /**
   * Called for each failed attempt to reach the PostgreSQL server of a `postgres` store at start,
   * while the node still retries (see `storeConnectTimeoutMs`). The node daemon logs it.
   * @default nothing
   */
  onStoreConnectFailed?: ((failure: ConnectFailure) => void) | undefined;
  /**
   * Called when a catch-up or anti-entropy round with a peer fails (a peer that misbehaved, timed
   * out or refused this node); the node goes on with other peers. The node daemon logs it.
   * @default nothing
   */
  onSyncFailed?: ((peer: PeerId | undefined, reason: SyncReason, error: Error) => void) | undefined;
}

/** The service's options with every default applied. */
export interface ResolvedRecordsInit {
  limits: RecordsLimits;
  path: string;
  /** The PostgreSQL URL of the `postgres` store: `postgresUrl`, else `WAYMARK_PG_URL`. */
  postgresUrl: string | undefined;
  openStore: (() => RecordsStore | Promise<RecordsStore>) | undefined;
  domain: RecordDomain;
  checkPeers: PeerPolicyCheck;
  serviceKey: CID | undefined;
  clock: () => number;
  onStoreError: (error: Error) => void;
  onStoreConnectFailed: (failure: ConnectFailure) => void;
  onSyncFailed: (peer: PeerId | undefined, reason: SyncReason, error: Error) => void;
}
