import type { Candidate } from "../../discovery/candidate.js";
import type { DiscoverParameters } from "../../discovery/discover.js";
import { clientDiscovery } from "../../selection/clientDiscovery.js";
import type { ProbeResult } from "../../selection/probe.js";
import { probeCandidates } from "../../selection/probe.js";
import type { SelectParameters, Selection } from "../../selection/serverPool.js";
import type { ServerOperation, WithFailoverOptions } from "../../selection/withFailover.js";
import { withFailover } from "../../selection/withFailover.js";
import type { VerifiedCandidate } from "../../verification/types.js";
import type { WaymarkClientContext } from "../createClient.js";

/** The actions every Waymark client has, whatever its service: find, verify, choose and use a server. */
export interface CoreActions {
  /**
   * Finds candidate servers in the DHT (within the time budget), plus the registry's bootstrap
   * records and the custom servers. See `discover`.
   *
   * @param parameters - Time budget and abort signal.
   * @returns The candidates, unverified.
   */
  discover(parameters?: DiscoverParameters): Promise<Candidate[]>;
  /**
   * Finds candidate servers in batches as they become known: first the registry's bootstrap
   * records and the custom servers, then each DHT answer's new providers. See `discoverBatches`.
   *
   * @param parameters - Time budget (for the whole iteration) and abort signal; the client's stop
   * always aborts it.
   * @returns The batches, unverified.
   */
  discoverBatches(parameters?: DiscoverParameters): AsyncGenerator<Candidate[], void, undefined>;
  /**
   * Verifies candidates under the trust policy in one registry call. See `verifyCandidates`.
   *
   * @param candidates - From {@link CoreActions.discover} or elsewhere.
   * @returns One verified candidate per candidate, in order.
   */
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
  /**
   * Pings candidates in parallel and measures their round trip.
   *
   * @param candidates - Candidates to ping.
   * @param options - Per-ping time limit (default `probeTimeoutMs`) and abort signal.
   * @returns One result per candidate.
   */
  probe<T extends Candidate>(
    candidates: readonly T[],
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ProbeResult<T>[]>;
  /**
   * The selected server: sticky until it fails or is revoked; otherwise a new choice, uniformly
   * random among the verified, reachable servers about as fast as the fastest of a random sample.
   *
   * @param parameters - Abort signal; `reselect` to choose again.
   * @returns The selection.
   * @throws NoServerAvailableError when no verified server is reachable.
   * @example
   * ```ts
   * const { server, rttMs } = await client.select();
   * console.log(server.peerId, server.custom ? "custom" : `provider ${server.providerId}`, rttMs);
   * ```
   */
  select(parameters?: SelectParameters): Promise<Selection>;
  /**
   * Runs an operation on the selected server, failing over to another on failure. The mail API
   * uses it; other services' clients can too.
   *
   * @param operation - Called with the server and a signal carrying the time limit.
   * @param options - Signal, time limit, attempts, error classification.
   * @returns What the operation returned.
   */
  withServer<T>(operation: ServerOperation<T>, options?: WithFailoverOptions): Promise<T>;
}

/**
 * The core actions, bound to a client context: discovery, verification, probing, selection and
 * failover. Every call is aborted when the client stops. viem's `publicActions`.
 *
 * @param client - The context, from `createClient`.
 * @returns The actions, to add with `client.extend(coreActions)`.
 */
export function coreActions(client: WaymarkClientContext): CoreActions {
  const { discover, discoverBatches, verify } = clientDiscovery(client);
  return {
    discover,
    discoverBatches,
    verify,
    probe: async (candidates, options = {}) =>
      probeCandidates(client, {
        candidates,
        timeoutMs: options.timeoutMs ?? client.options.probeTimeoutMs,
        signal: client.signal(options.signal),
      }),
    select: async (parameters = {}) =>
      client.pool.select({ ...parameters, signal: client.signal(parameters.signal) }),
    withServer: async (operation, options = {}) =>
      withFailover(client.pool, client.options, operation, {
        ...options,
        signal: client.signal(options.signal),
      }),
  };
}
