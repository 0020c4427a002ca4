import type { PeerIdCache } from "../kernel/identity/peerIdCache.js";
import type { CheckedRecord, RankedRecord } from "./bootstrapRecords.js";
import { checkRecord } from "./bootstrapRecords.js";
import type { Candidate } from "./candidate.js";

/**
 * The servers of a discovery's first batch that a client may contact before verifying them (see
 * `onContactable`): the user's custom servers, then the bootstrap records of nodes whose provider
 * the trust policy accepts and whose node it does not exclude. It is handed over before the records
 * are checked: checking a record (its addresses' peer id against its node, see `checkRecord`)
 * costs a key decompression and a few hashes, so a caller that draws a few servers checks only
 * those ({@link ContactablePool.server}), and the first pings need not wait for every record's
 * check. Each entry is checked at most once.
 */
export class ContactablePool {
  private readonly checked = new Map<number, Candidate | undefined>();
  private readonly checks = new Map<RankedRecord, CheckedRecord>();
  private readonly customPeers: ReadonlySet<string>;

  /**
   * @param custom - The user's custom servers.
   * @param records - The records of the nodes the trust policy accepts, unchecked.
   * @param peerIds - The client's peer id cache (the checks' node addresses stay in it).
   */
  constructor(
    readonly custom: readonly Candidate[],
    private readonly records: readonly RankedRecord[],
    private readonly peerIds: PeerIdCache,
  ) {
    this.customPeers = new Set(custom.map((candidate) => candidate.peerId));
  }

  /** How many entries it holds: the custom servers, then the records (checked or not). */
  get size(): number {
    return this.custom.length + this.records.length;
  }

  /** How many records it holds, checked or not. */
  get recordCount(): number {
    return this.records.length;
  }

  /**
   * One entry as a server: a custom server as it is; a record once checked, when some of its
   * addresses name its node and its peer is not also a custom server (which stands for it).
   *
   * @param index - From 0 (the first custom server) to `size - 1` (the last record).
   * @returns The server, or undefined when the record is not usable.
   */
  server(index: number): Candidate | undefined {
    if (index < this.custom.length) return this.custom[index];
    if (this.checked.has(index)) return this.checked.get(index);
    const ranked = this.records[index - this.custom.length];
    const usable = ranked === undefined ? undefined : this.check(ranked).usable;
    const server =
      usable === undefined || this.customPeers.has(usable.peerId)
        ? undefined
        : {
            peerId: usable.peerId,
            node: usable.node,
            multiaddrs: usable.multiaddrs,
            sources: ["registry" as const],
          };
    this.checked.set(index, server);
    return server;
  }

  /**
   * Checks a record (see `checkRecord`) once: the pool's own records are checked here when drawn,
   * and the discovery's check of every record asks here again rather than check them twice.
   *
   * @param ranked - A record, of this pool or not.
   * @returns The check's outcome.
   */
  check(ranked: RankedRecord): CheckedRecord {
    let checked = this.checks.get(ranked);
    if (checked === undefined) {
      checked = checkRecord(ranked, this.peerIds);
      this.checks.set(ranked, checked);
    }
    return checked;
  }
}
