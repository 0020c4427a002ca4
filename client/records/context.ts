import type { Libp2p } from "@libp2p/interface";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { ResolvedClientOptions } from "../options/index.js";
import type { ServerOperation, WithFailoverOptions } from "../selection/withFailover.js";
import type { VerifiedCandidate } from "../verification/types.js";

/**
 * What the records actions need of a client: its host, its request time limit, the deployment the
 * records are signed for, a server with failover, and the other usable servers (for reads that ask
 * two): a client context for `records/1` extended with `coreActions`.
 */
export interface RecordsContext {
  /** The libp2p host the requests go out on. */
  readonly host: Libp2p<BaseServices>;
  /** The client's options: request time limit, registry address, chain id when given. */
  readonly options: Pick<ResolvedClientOptions, "requestTimeoutMs" | "registry" | "chainId">;
  /** The registry connection, once there is one (its chain id signs the records' domain). */
  readonly registry: { readonly chainId: bigint } | undefined;
  /** The client's known servers and which of them may be used now. */
  readonly pool: {
    readonly known: readonly VerifiedCandidate[];
    readonly current: { readonly server: VerifiedCandidate } | undefined;
    readonly greyList: { has(peerId: string): boolean };
  };
  /**
   * Runs an operation against the selected server, failing over to the next one on failure.
   *
   * @param operation - Called with the server and a signal carrying the time limit.
   * @param options - Signal, time limit, attempts, error classification.
   * @returns What the operation returned.
   */
  withServer<T>(operation: ServerOperation<T>, options?: WithFailoverOptions): Promise<T>;
}
