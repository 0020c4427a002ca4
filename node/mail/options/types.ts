import type { PeerId } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { InitMatchesTable, OptionValues } from "../../../client/kernel/options/optionTable.js";
import type { PeerPolicyCheck } from "../../services/types.js";
import type { SyncReason } from "../../replication/syncReason.js";
import type { MailStore } from "../store/types.js";
import type { MailLimitsInit } from "./limits.generated.js";
import type { MAIL_OPTIONS } from "./table.js";
import type { ConnectFailure } from "../../config/postgres.js";

/** Every limit resolved to a value. */
export type MailLimits = OptionValues<typeof MAIL_OPTIONS>;

/** Does not compile when limits.generated.ts no longer matches the table (run `npm run docs`). */
const _generatedLimitsMatchTable: InitMatchesTable<MailLimitsInit, typeof MAIL_OPTIONS> = true;

/** Options of the mail service. */
export interface MailServiceInit extends MailLimitsInit {
  /** SQLite database file. @default ":memory:" */
  path?: string | undefined;
  /**
   * Makes the store instead of the `store` option's backend (another engine, a test's store);
   * called at every start.
   */
  openStore?: (() => MailStore | Promise<MailStore>) | undefined;
  /**
   * Checks peers against the node's replication policy (registered for the same registry and
   * service, under a provider the policy admits). Replication, catch-up and anti-entropy talk only
   * to allowed peers; the answer's provider decides whose share a replicated envelope counts to.
   * @default every peer refused (no replication)
   */
  checkPeers?: PeerPolicyCheck | undefined;
  /** DHT key under which the other mail servers announce themselves; absent: connected peers only. */
  serviceKey?: CID | undefined;
  /** Clock in milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /**
   * Called when the store cannot write what a peer sent (a full disk, an I/O error); the peer is
   * answered `MailInternalError` naming the cause. The node daemon logs it.
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
export interface ResolvedMailInit {
  limits: MailLimits;
  path: string;
  /** The PostgreSQL URL of the `postgres` store: `postgresUrl`, else `WAYMARK_PG_URL`. */
  postgresUrl: string | undefined;
  openStore: (() => MailStore | Promise<MailStore>) | undefined;
  checkPeers: PeerPolicyCheck;
  serviceKey: CID | undefined;
  clock: () => number;
  onStoreError: (error: Error) => void;
  onStoreConnectFailed: (failure: ConnectFailure) => void;
  onSyncFailed: (peer: PeerId | undefined, reason: SyncReason, error: Error) => void;
}
