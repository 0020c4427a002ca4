import type { RegistryClient } from "../kernel/registry/connect.js";
import type { SkippedRecord } from "../discovery/bootstrapRecords.js";
import type { Candidate } from "../discovery/candidate.js";
import type { DiscoverContext, DiscoverParameters } from "../discovery/discover.js";
import { discover, discoverBatches } from "../discovery/discover.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { VerifyContext } from "../verification/verifyCandidates.js";
import { verifyCandidates } from "../verification/verifyCandidates.js";

/** What {@link clientDiscovery} needs of a client. */
export interface ClientDiscoveryContext extends Omit<DiscoverContext, "options" | "verify">, VerifyContext {
  options: DiscoverContext["options"] & VerifyContext["options"];
  /** Told of every bootstrap record discovery skips. */
  onSkippedRecord(record: SkippedRecord): void;
  /** The registry connection for a discovery (see `DiscoverContext.connectRegistry`). */
  connectRegistry(signal?: AbortSignal): Promise<RegistryClient | undefined>;
  /**
   * A signal that aborts when `parent` does or when the client stops.
   *
   * @param parent - The caller's signal, if any.
   */
  signal(parent?: AbortSignal): AbortSignal;
}

/** A client's discovery and verification, bound to it and to its stop (functions: they need no `this`). */
export interface ClientDiscovery {
  /** {@link discover} on the client, aborted when it stops. */
  readonly discover: (parameters?: DiscoverParameters) => Promise<Candidate[]>;
  /** {@link discoverBatches} on the client, aborted when it stops. */
  readonly discoverBatches: (parameters?: DiscoverParameters) => AsyncGenerator<Candidate[], void, undefined>;
  /** {@link verifyCandidates} under the client's trust policy. */
  readonly verify: (candidates: readonly Candidate[]) => Promise<VerifiedCandidate[]>;
}

/**
 * Binds discovery and verification to a client: what its server pool runs and what its
 * `discover`, `discoverBatches` and `verify` methods do. Discovery verifies registry records with
 * the client's own (cached) verification, to rank the DHT's entry points.
 *
 * @param client - The client context.
 * @returns The bound functions.
 */
export function clientDiscovery(client: ClientDiscoveryContext): ClientDiscovery {
  const verify = async (candidates: readonly Candidate[]): Promise<VerifiedCandidate[]> =>
    verifyCandidates(client, { candidates });
  const context: DiscoverContext = {
    host: client.host,
    options: client.options,
    // Read at each use: the registry connects, and the service key becomes known, later.
    get registry() {
      return client.registry;
    },
    get serviceKey() {
      return client.serviceKey;
    },
    verify,
    onSkippedRecord: (record) => {
      client.onSkippedRecord(record);
    },
    connectRegistry: async (signal) => client.connectRegistry(signal),
  };
  return {
    discover: async (parameters = {}) =>
      discover(context, { ...parameters, signal: client.signal(parameters.signal) }),
    discoverBatches: (parameters = {}) =>
      discoverBatches(context, { ...parameters, signal: client.signal(parameters.signal) }),
    verify,
  };
}
