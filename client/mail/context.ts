import type { Libp2p } from "@libp2p/interface";

import type { ResolvedClientOptions } from "../options/index.js";
import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { ServerOperation, WithFailoverOptions } from "../selection/withFailover.js";

/**
 * What the mail actions need of a client: its host, its request time limit, and a server with
 * failover: a client context extended with `coreActions`. The actions import this, not the
 * client, and `mailActions` binds them to one.
 */
export interface MailContext {
  /** The libp2p host the requests go out on. */
  readonly host: Libp2p<BaseServices>;
  /** The client's options; the actions read the request time limit. */
  readonly options: Pick<ResolvedClientOptions, "requestTimeoutMs">;
  /**
   * Runs an operation against the selected server, failing over to the next one on failure.
   *
   * @param operation - Called with the server and a signal carrying the time limit.
   * @param options - Signal, time limit, attempts, error classification.
   * @returns What the operation returned.
   */
  withServer<T>(operation: ServerOperation<T>, options?: WithFailoverOptions): Promise<T>;
  /**
   * Looks up the mail public key an address published (a verified `records/1` record), for
   * `send` with `encryptTo` an address; absent on a client that cannot look addresses up.
   *
   * @param address - The recipient's address.
   * @param signal - Cancels the lookup.
   * @returns The public key.
   */
  resolveMailKey?(address: string, signal?: AbortSignal): Promise<Uint8Array>;
}
