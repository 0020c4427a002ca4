import type { Connection } from "@libp2p/interface";
import { multiaddr } from "@multiformats/multiaddr";

import { NoRelayAvailableError, ServeKeyMismatchError } from "../errors/relay.js";
import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import type { TypedDataSigner } from "../kernel/identity/consent.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { RelayAcceptList } from "./acceptList.js";
import { chooseRelays } from "./chooseRelays.js";
import { LISTEN_DEFAULTS, REACH_RECORD } from "./constants.js";
import type { RelayContext } from "./context.js";
import { encodeReachRecord, sameAddress } from "./reachRecord.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** What a {@link RelayListener} reports as it works. */
export type RelayListenerEvent =
  | { type: "relay:reserved"; relay: VerifiedCandidate }
  | { type: "relay:lost"; relay: string }
  | { type: "relay:refused"; relay: string; error: unknown }
  | { type: "reach:published"; addresses: string[] };

/** Parameters of {@link listenBehindRelays}. */
export interface ListenBehindRelaysParameters {
  /** The key behind the service's address: it signs the `relay/reach` record. It must be the host's key. */
  signer: TypedDataSigner;
  /** Relays to hold reservations on, of different providers where there are enough. @default 2 */
  relays?: number | undefined;
  /** Milliseconds between checks that every relay is still connected. @default 5000 */
  checkIntervalMs?: number | undefined;
  /** Seconds the reach record lives; republished at half that age. @default 3600 */
  recordLifetimeSeconds?: number | undefined;
  /** Milliseconds a failed relay is not tried again. @default 60000 */
  relayCooldownMs?: number | undefined;
  /** Called with each reservation, loss, refusal and publication. */
  onEvent?: ((event: RelayListenerEvent) => void) | undefined;
  /** Cancels the first reservations. */
  signal?: AbortSignal | undefined;
}

/** A relay the listener holds a reservation on. */
export interface HeldRelay {
  /** The relay, as verified. */
  relay: VerifiedCandidate;
  /** The relayed address callers dial. */
  address: string;
  /** When the reservation was made (milliseconds since the epoch). */
  since: number;
}

/**
 * A service behind NAT, listening through relays: holds reservations on trusted `relay/1` nodes of
 * different providers, publishes their relayed addresses as its signed `relay/reach` record, and
 * when a relay goes away reserves on another and republishes. libp2p renews each reservation before
 * it expires. Stop it with {@link RelayListener.stop}.
 */
export class RelayListener {
  private readonly held = new Map<string, HeldRelay>();
  private readonly cooldown = new Map<string, number>();
  private readonly controller = new AbortController();
  private readonly settings: Required<Omit<ListenBehindRelaysParameters, "onEvent" | "signal" | "signer">>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private repairing: Promise<void> | undefined;
  private publishedAt = 0;
  private publishedValue = "";

  /**
   * @param client - The relay client.
   * @param accept - The relays the host accepts relayed connections through.
   * @param parameters - Signer, number of relays, timings, event callback.
   */
  constructor(
    private readonly client: RelayContext,
    private readonly accept: RelayAcceptList,
    private readonly parameters: ListenBehindRelaysParameters,
  ) {
    this.settings = {
      relays: parameters.relays ?? LISTEN_DEFAULTS.relays,
      checkIntervalMs: parameters.checkIntervalMs ?? LISTEN_DEFAULTS.checkIntervalMs,
      recordLifetimeSeconds: parameters.recordLifetimeSeconds ?? LISTEN_DEFAULTS.recordLifetimeSeconds,
      relayCooldownMs: parameters.relayCooldownMs ?? LISTEN_DEFAULTS.relayCooldownMs,
    };
  }

  /** The relays held now. */
  get relays(): HeldRelay[] {
    return [...this.held.values()];
  }

  /** The relayed addresses callers can dial now. */
  get addresses(): string[] {
    return this.relays.map((held) => held.address);
  }

  /**
   * Reserves on the first relays and publishes the record.
   *
   * @throws ServeKeyMismatchError when the signer is not the host's key.
   * @throws NoRelayAvailableError when no trusted relay accepted a reservation.
   */
  async start(): Promise<void> {
    const own = nodeAddressFromPeerId(this.client.host.peerId);
    if (!sameAddress(this.parameters.signer.address, own)) {
      throw new ServeKeyMismatchError(this.parameters.signer.address, own);
    }
    this.client.host.addEventListener("connection:close", this.onClose);
    await this.fill(this.parameters.signal);
    if (this.held.size === 0) throw new NoRelayAvailableError("every trusted relay found refused or failed");
    await this.publish(this.parameters.signal);
    this.timer = setInterval(() => {
      this.repair();
    }, this.settings.checkIntervalMs);
  }

  /** Stops checking and renewing; the reservations lapse with the host's connections. */
  async stop(): Promise<void> {
    this.controller.abort(new Error("the relay listener was stopped"));
    clearInterval(this.timer);
    this.client.host.removeEventListener("connection:close", this.onClose);
    await this.repairing?.catch(() => undefined);
  }

  /**
   * Checks the relays now, replaces the lost ones and republishes when the addresses changed or
   * the record is half way to its expiry.
   *
   * @returns Once done (a check already running is joined).
   */
  async check(): Promise<void> {
    this.repair();
    await this.repairing;
  }

  private readonly onClose = (event: CustomEvent<Connection>): void => {
    const relay = event.detail.remotePeer.toString();
    if (!this.held.has(relay) || this.client.host.getConnections(event.detail.remotePeer).length > 0) return;
    this.repair();
  };

  private repair(): void {
    if (this.controller.signal.aborted || this.repairing !== undefined) return;
    this.repairing = this.repairOnce()
      .catch((error: unknown) => {
        this.parameters.onEvent?.({ type: "relay:refused", relay: "", error });
      })
      .finally(() => {
        this.repairing = undefined;
      });
  }

  private async repairOnce(): Promise<void> {
    for (const [peer, held] of this.held) {
      const open = this.client.host
        .getConnections(peerIdsOf(this.client.host).parse(held.relay.peerId))
        .some((c) => c.status === "open");
      if (open) continue;
      this.held.delete(peer);
      this.accept.delete(peer);
      this.cooldown.set(peer, Date.now() + this.settings.relayCooldownMs);
      this.parameters.onEvent?.({ type: "relay:lost", relay: peer });
    }
    if (this.held.size < this.settings.relays) await this.fill(this.controller.signal);
    const stale = Date.now() - this.publishedAt > (this.settings.recordLifetimeSeconds * 1000) / 2;
    if (this.held.size > 0 && (stale || this.publishedValue !== this.recordValue())) {
      await this.publish(this.controller.signal);
    }
  }

  /** Reserves on trusted relays until enough are held or none is left to try. */
  private async fill(signal: AbortSignal | undefined): Promise<void> {
    const now = Date.now();
    for (const [peer, until] of this.cooldown) if (until <= now) this.cooldown.delete(peer);
    const candidates = await this.client.discover({ signal: this.client.signal(signal) });
    const verified = await this.client.verify(candidates);
    const exclude = new Set([...this.held.keys(), ...this.cooldown.keys()]);
    const heldProviders = new Set(this.relays.map((held) => String(held.relay.providerId)));
    let lastError: unknown;
    for (const relay of chooseRelays(verified, { exclude, heldProviders })) {
      if (this.held.size >= this.settings.relays) break;
      signal?.throwIfAborted();
      try {
        const address = await this.reserve(relay);
        this.accept.add(relay.peerId);
        this.held.set(relay.peerId, { relay, address, since: Date.now() });
        this.parameters.onEvent?.({ type: "relay:reserved", relay });
      } catch (error) {
        lastError = error;
        this.cooldown.set(relay.peerId, Date.now() + this.settings.relayCooldownMs);
        this.parameters.onEvent?.({ type: "relay:refused", relay: relay.peerId, error });
      }
    }
    if (this.held.size === 0 && lastError !== undefined) {
      throw new NoRelayAvailableError(`${verified.length} relay candidates verified`, lastError);
    }
  }

  /** Reserves on one relay through the first of its addresses that works. */
  private async reserve(relay: VerifiedCandidate): Promise<string> {
    let lastError: unknown;
    for (const address of relay.multiaddrs) {
      try {
        await this.client.host.services.relayListen.listen(multiaddr(`${address}/p2p-circuit`));
        return `${address}/p2p-circuit/p2p/${this.client.host.peerId.toString()}`;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private recordValue(): string {
    return encodeReachRecord(this.addresses.map((address) => multiaddr(address)));
  }

  private async publish(signal: AbortSignal | undefined): Promise<void> {
    const value = this.recordValue();
    await this.client.records.put({
      signer: this.parameters.signer,
      name: REACH_RECORD,
      value,
      lifetimeSeconds: this.settings.recordLifetimeSeconds,
      signal: this.client.signal(signal),
    });
    this.publishedAt = Date.now();
    this.publishedValue = value;
    this.parameters.onEvent?.({ type: "reach:published", addresses: this.addresses });
  }
}

/**
 * Makes a service behind NAT reachable: reserves on trusted relays and publishes where it can be
 * reached (see {@link RelayListener}).
 *
 * @param client - The relay client (its host's key is the service's address).
 * @param accept - The relays the host accepts relayed connections through.
 * @param parameters - Signer, number of relays, timings, event callback.
 * @returns The running listener.
 * @throws ServeKeyMismatchError when the signer is not the host's key.
 * @throws NoRelayAvailableError when no trusted relay accepted a reservation.
 */
export async function listenBehindRelays(
  client: RelayContext,
  accept: RelayAcceptList,
  parameters: ListenBehindRelaysParameters,
): Promise<RelayListener> {
  const listener = new RelayListener(client, accept, parameters);
  client.own(listener);
  try {
    await listener.start();
  } catch (error) {
    await listener.stop();
    throw error;
  }
  return listener;
}
