import { checksumAddress } from "../kernel/identity/checksumAddress.js";
import { PeerIdCache } from "../kernel/identity/peerIdCache.js";
import type { ResolvedTrustPolicy } from "../options/index.js";
import type { BootstrapRecord } from "../kernel/registry/bootstrap.js";
import { splitServerAddress } from "./candidate.js";
import { MAX_RECORD_ADDRESS_BYTES, MAX_RECORD_ADDRESSES, QUOTED_ADDRESS_CHARS } from "./constants.js";

/** A bootstrap record as a client can use it: its node's peer id and the addresses that parse. */
export interface UsableRecord {
  /** Node address, checksummed. */
  node: string;
  /** The node's provider, as the registry says. */
  providerId: bigint;
  /** The node's peer id, named by every address. */
  peerId: string;
  /** Addresses ending in `/p2p/<peer id>`, each of which parses. */
  multiaddrs: string[];
}

/** A bootstrap record the client could not use, whole or in part, and why. */
export interface SkippedRecord {
  /** Node address the record was published for. */
  node: string;
  /** The node's provider. */
  providerId: bigint;
  /** One reason per unusable address (quoted, shortened), or for the record as a whole. */
  reasons: string[];
  /** True when nothing of the record is usable; false when only some of its addresses are not. */
  whole: boolean;
  /** The record as published, to recognise it again (it is reported once). */
  published: readonly string[];
}

/** Parameters of {@link usableRecords}. */
export interface UsableRecordsParameters {
  /** Records read at most; the rest are ignored. */
  maxRecords: number;
  /** Explicitly trusted providers' records come first, excluded providers' and nodes' last. */
  trust: Pick<ResolvedTrustPolicy, "providers" | "excludeProviders" | "excludeNodes">;
  /** The client's peer id cache, so that each node's peer id is parsed once per client. */
  peerIds?: PeerIdCache | undefined;
}

/** A published record in the order a client reads it, its node address checksummed, not yet checked. */
export interface RankedRecord {
  /** The record as the registry returned it. */
  record: BootstrapRecord;
  /** Its node address, checksummed (as published when it is no address). */
  node: string;
}

/**
 * The registry's bootstrap records in the order a client reads them, at most `maxRecords`: those of
 * explicitly trusted providers first and those of excluded providers or nodes last, the registry's
 * order within each rank. Nothing is checked here but the node addresses' form (see {@link checkRecord}).
 *
 * @param records - The records, as the registry returned them.
 * @param parameters - The bound and the trust policy (the peer id cache is not used).
 * @returns The records kept, in order.
 */
export function rankRecords(
  records: readonly BootstrapRecord[],
  parameters: Omit<UsableRecordsParameters, "peerIds">,
): RankedRecord[] {
  const { trust } = parameters;
  const trusted = trust.providers === "default" ? new Set<bigint>() : new Set(trust.providers);
  const rank = (record: BootstrapRecord, node: string): number => {
    if (trust.excludeProviders.has(record.providerId) || trust.excludeNodes.has(node)) return 2;
    return trusted.has(record.providerId) ? 0 : 1;
  };
  // A stable sort: the registry's order within each rank. Each address is checksummed once.
  return records
    .map((record, index) => {
      const node = addressOf(record.node);
      return { record, node, index, rank: rank(record, node) };
    })
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, Math.max(0, parameters.maxRecords))
    .map(({ record, node }) => ({ record, node }));
}

/** What {@link checkRecord} finds in a record. */
export interface CheckedRecord {
  /** The record's usable addresses, if any. */
  readonly usable: UsableRecord | undefined;
  /** Why a part or the whole of it is not usable, if so. */
  readonly skipped: SkippedRecord | undefined;
}

/**
 * Checks one ranked record, whatever an approved provider published (the registry checks only
 * lengths): of its addresses, at most the first {@link MAX_RECORD_ADDRESSES}, and of those only the
 * ones that parse as `…/p2p/<peer id>` naming the record's own node. Deriving a peer id's node
 * address costs a key decompression and a hash (cached in `peerIds`): a caller that needs only a
 * few records checks only those. Nothing here throws.
 *
 * @param ranked - A record from {@link rankRecords}.
 * @param peerIds - The client's peer id cache.
 * @returns The usable record, if any of it is; why a part or the whole of it is not, if so.
 */
export function checkRecord(ranked: RankedRecord, peerIds: PeerIdCache): CheckedRecord {
  const { record, node } = ranked;
  const { record: usable, reasons } = parseRecord(record, node, peerIds);
  const skipped =
    reasons.length === 0
      ? undefined
      : {
          node,
          providerId: record.providerId,
          reasons,
          whole: usable === undefined,
          published: record.multiaddrs.slice(0, MAX_RECORD_ADDRESSES + 1),
        };
  return { usable, skipped };
}

/**
 * Reduces the registry's bootstrap records to what a client can use (see {@link rankRecords} for
 * which and in what order, {@link checkRecord} for what of each). Nothing here throws.
 *
 * @param records - The records, as the registry returned them.
 * @param parameters - The bound and the trust policy.
 * @returns The usable records, and every record skipped whole or in part with the reasons.
 */
export function usableRecords(
  records: readonly BootstrapRecord[],
  parameters: UsableRecordsParameters,
): { usable: UsableRecord[]; skipped: SkippedRecord[] } {
  const usable: UsableRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const peerIds = parameters.peerIds ?? new PeerIdCache();
  for (const ranked of rankRecords(records, parameters)) {
    const checked = checkRecord(ranked, peerIds);
    if (checked.usable !== undefined) usable.push(checked.usable);
    if (checked.skipped !== undefined) skipped.push(checked.skipped);
  }
  return { usable, skipped };
}

function parseRecord(
  record: BootstrapRecord,
  node: string,
  peerIds: PeerIdCache,
): { record: UsableRecord | undefined; reasons: string[] } {
  const reasons: string[] = [];
  const multiaddrs: string[] = [];
  let peerId: string | undefined;
  if (record.multiaddrs.length === 0) reasons.push("no addresses");
  if (record.multiaddrs.length > MAX_RECORD_ADDRESSES) {
    reasons.push(
      `${record.multiaddrs.length - MAX_RECORD_ADDRESSES} addresses past the first ${MAX_RECORD_ADDRESSES}`,
    );
  }
  for (const text of record.multiaddrs.slice(0, MAX_RECORD_ADDRESSES)) {
    const checked = checkAddress(text, node, peerIds);
    if (typeof checked !== "object") {
      reasons.push(`${quote(text)}: ${checked}`);
      continue;
    }
    peerId ??= checked.peerId;
    if (!multiaddrs.includes(text)) multiaddrs.push(text);
  }
  const usable =
    peerId === undefined ? undefined : { node, providerId: record.providerId, peerId, multiaddrs };
  return { record: usable, reasons };
}

/**
 * One address of a record: its peer id when it names the record's node, else why it cannot be
 * used. The peer id is checked by deriving its node address (which fails for what is no key), not
 * parsed with libp2p: only the few nodes a client dials need that.
 */
function checkAddress(text: string, node: string, peerIds: PeerIdCache): { peerId: string } | string {
  if (new TextEncoder().encode(text).length > MAX_RECORD_ADDRESS_BYTES) {
    return `longer than ${MAX_RECORD_ADDRESS_BYTES} bytes`;
  }
  let peerId: string;
  let named: string | undefined;
  try {
    peerId = splitServerAddress(text).peerId;
    named = peerIds.nodeAddress(peerId);
  } catch {
    return "not a multiaddr ending in /p2p/<peer id>";
  }
  if (named !== node) return `names peer ${peerId}, not the record's node`;
  return { peerId };
}

function addressOf(node: string): string {
  try {
    return checksumAddress(node);
  } catch {
    return node;
  }
}

/** The text as a JSON string (control characters escaped), shortened. */
function quote(text: string): string {
  return JSON.stringify(
    text.length > QUOTED_ADDRESS_CHARS ? `${text.slice(0, QUOTED_ADDRESS_CHARS)}…` : text,
  );
}
