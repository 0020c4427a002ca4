import type {
  ComponentLogger,
  Libp2pEvents,
  Logger,
  PeerId,
  PeerStore,
  PrivateKey,
  Startable,
  TypedEventTarget,
} from "@libp2p/interface";
import { PeerRecord, RecordEnvelope } from "@libp2p/peer-record";
import type { Multiaddr } from "@multiformats/multiaddr";
import { CODE_P2P } from "@multiformats/multiaddr";

/** The libp2p components {@link ownPeerRecord} reads. */
export interface OwnPeerRecordComponents {
  peerId: PeerId;
  privateKey: PrivateKey;
  peerStore: PeerStore;
  addressManager: { getAddresses(): Multiaddr[] };
  events: TypedEventTarget<Libp2pEvents>;
  logger: ComponentLogger;
}

/** The events after which the node's advertised addresses may differ from its record's. */
const ADDRESS_EVENTS = ["self:peer:update", "transport:listening", "transport:close"] as const;

/**
 * The addresses a peer record of the node lists: the advertised ones without the node's own
 * `/p2p/` suffix, as identify lists them.
 *
 * @param addresses - The address manager's addresses.
 * @returns Their record form.
 */
export function recordAddresses(addresses: Multiaddr[]): Multiaddr[] {
  return addresses.map((address) => address.decapsulateCode(CODE_P2P));
}

function sameAddresses(a: Multiaddr[], b: Multiaddr[]): boolean {
  const left = new Set(a.map((address) => address.toString()));
  const right = new Set(b.map((address) => address.toString()));
  return left.size === right.size && [...left].every((address) => right.has(address));
}

/**
 * Keeps the node's own signed peer record in its peer store, sealed again only when the node's
 * advertised addresses change.
 *
 * libp2p's identify answers each request with the record stored for the node itself and, when
 * none is stored, seals a new one (a signature with the node's key) for every connection. This
 * keeps a current record stored, so identify reuses it. The record is compared with the
 * address manager's addresses whenever they may have changed (a transport starts or stops
 * listening, or the node's peer store entry changes, which is how the address manager announces
 * new addresses such as confirmed observed or relayed ones) and sealed again, with a higher
 * sequence number, when its set of addresses differs. Storing the record changes the node's
 * entry too; the comparison then finds the record current, so that does not seal again. The
 * addresses are stored in the node's entry with the record, so that from the end of start-up the
 * entry lists them (the DHT names the node as a provider only with its addresses).
 */
export class OwnPeerRecord implements Startable {
  readonly [Symbol.toStringTag] = "waymark:own-peer-record";
  private readonly components: OwnPeerRecordComponents;
  private readonly log: Logger;
  private sealed: { addresses: Multiaddr[]; seq: bigint } | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private readonly onChange = (): void => {
    this.refresh();
  };

  /** @param components - The host's libp2p components. */
  constructor(components: OwnPeerRecordComponents) {
    this.components = components;
    this.log = components.logger.forComponent("waymark:own-peer-record");
  }

  /** Starts following the node's address changes. */
  start(): void {
    this.started = true;
    for (const event of ADDRESS_EVENTS) this.components.events.addEventListener(event, this.onChange);
  }

  /** Brings the stored record in line with the addresses the node listens on once started. */
  async afterStart(): Promise<void> {
    this.refresh();
    await this.settled();
  }

  /** Stops following the node's address changes. */
  stop(): void {
    this.started = false;
    for (const event of ADDRESS_EVENTS) this.components.events.removeEventListener(event, this.onChange);
  }

  /** Resolves once no comparison or sealing is under way. */
  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Compares the stored record with the current addresses, after any comparison under way. */
  private refresh(): void {
    if (!this.started) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.sync()
      // Identify seals a record of its own for each request while none is stored.
      .catch((err: unknown) => {
        this.log.error("could not store the node's peer record - %e", err);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  private async sync(): Promise<void> {
    const { peerId, peerStore, privateKey, addressManager } = this.components;
    this.sealed ??= await this.stored();
    const addresses = recordAddresses(addressManager.getAddresses());
    if (addresses.length === 0) return; // identify sends no record without addresses
    if (this.sealed !== undefined && sameAddresses(this.sealed.addresses, addresses)) return;
    const now = BigInt(Date.now());
    const seq = this.sealed === undefined || now > this.sealed.seq ? now : this.sealed.seq + 1n;
    const envelope = await RecordEnvelope.seal(
      new PeerRecord({ peerId, multiaddrs: addresses, seqNumber: seq }),
      privateKey,
    );
    // The addresses too: libp2p's address manager writes them to the node's own entry only a
    // second after its transports listen, and until then the DHT answers a query for providers
    // without the node itself (a provider without addresses is left out).
    await peerStore.patch(peerId, { peerRecordEnvelope: envelope.marshal(), multiaddrs: addresses });
    this.sealed = { addresses, seq };
  }

  /** The record stored for the node by an earlier run, if any. */
  private async stored(): Promise<{ addresses: Multiaddr[]; seq: bigint } | undefined> {
    const { peerStore, peerId } = this.components;
    const peerRecordEnvelope = (await peerStore.has(peerId))
      ? (await peerStore.get(peerId)).peerRecordEnvelope
      : undefined;
    if (peerRecordEnvelope === undefined) return undefined;
    const record = PeerRecord.createFromProtobuf(
      RecordEnvelope.createFromProtobuf(peerRecordEnvelope).payload,
    );
    return { addresses: record.multiaddrs, seq: record.seqNumber };
  }
}

/**
 * A libp2p service that keeps the node's own signed peer record current in its peer store (see
 * {@link OwnPeerRecord}). Mount it beside the host's other services.
 *
 * @returns The service factory.
 */
export function ownPeerRecord(): (components: OwnPeerRecordComponents) => OwnPeerRecord {
  return (components) => new OwnPeerRecord(components);
}
