import type { Candidate } from "../discovery/candidate.js";
import type { DiscoverParameters } from "../discovery/discover.js";
import type { TypedDataSigner } from "../kernel/identity/consent.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { RelayHost } from "./host.js";

/**
 * What the relay actions need of a client: a host that dials and listens through relays, discovery
 * and verification of `relay/1` servers (its core actions), the records actions of a `records/1`
 * client beside it, and a signal that aborts when the client stops.
 */
export interface RelayContext {
  /** The libp2p host, with the circuit relay transport. */
  readonly host: RelayHost;
  /** Milliseconds a dial or a request may take. */
  readonly requestTimeoutMs: number;
  /**
   * Finds `relay/1` candidates. See `discover`.
   *
   * @param parameters - Time budget and signal.
   * @returns The candidates, unverified.
   */
  discover(parameters?: DiscoverParameters): Promise<Candidate[]>;
  /**
   * Verifies candidates as `relay/1` servers under the trust policy, in one registry call.
   *
   * @param candidates - The candidates.
   * @returns One verified candidate per candidate, in order.
   */
  verify(candidates: readonly Candidate[]): Promise<VerifiedCandidate[]>;
  /** Puts and gets signed records (`relay/reach`): the records actions of a `records/1` client. */
  readonly records: ReachRecords;
  /**
   * A signal that aborts with `parent` and when the client stops.
   *
   * @param parent - The caller's signal.
   * @returns The signal.
   */
  signal(parent?: AbortSignal): AbortSignal;
  /**
   * Ties a listener's life to the client: it is stopped when the client stops.
   *
   * @param child - The listener.
   */
  own(child: { stop(): Promise<void> }): void;
}

/** The part of the records actions the relay actions use (a `records/1` client's `records`). */
export interface ReachRecords {
  /**
   * Signs and stores a record.
   *
   * @param parameters - Signer, name, value, lifetime, signal.
   * @returns Once a server committed it.
   */
  put(parameters: {
    signer: TypedDataSigner;
    name: string;
    value: string;
    lifetimeSeconds?: number | undefined;
    signal?: AbortSignal | undefined;
  }): Promise<unknown>;
  /**
   * Reads and verifies a record.
   *
   * @param parameters - Owner, name, signal.
   * @returns The newest verified record, or undefined.
   */
  get(parameters: {
    owner: string;
    name: string;
    signal?: AbortSignal | undefined;
  }): Promise<{ record: { value: Uint8Array } | undefined }>;
}
