import { CODE_P2P, CODE_P2P_CIRCUIT, multiaddr } from "@multiformats/multiaddr";
import type { Multiaddr } from "@multiformats/multiaddr";

import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import { REACH_RECORD_VERSION } from "./constants.js";

/** One way to reach a service: a relay and the relayed address through it. */
export interface RelayedAddress {
  /** The relay's peer id. */
  relay: string;
  /** The relay's own address (ends in `/p2p/<relay>`). */
  relayAddress: Multiaddr;
  /** The full relayed address: `<relay address>/p2p-circuit/p2p/<service>`. */
  address: Multiaddr;
  /** The service's peer id. */
  service: string;
}

/**
 * The value of a `relay/reach` record: the relayed addresses of the service.
 *
 * @param addresses - `<relay address>/p2p-circuit/p2p/<service>` addresses.
 * @returns The JSON text to store.
 */
export function encodeReachRecord(addresses: readonly Multiaddr[]): string {
  return JSON.stringify({ v: REACH_RECORD_VERSION, addrs: addresses.map(String) });
}

/**
 * Reads a `relay/reach` record's value, keeping only relayed addresses that end in the peer id of
 * the record's owner (the address's own key): a record cannot send callers to another peer.
 *
 * @param value - The record's value (UTF-8 JSON).
 * @param owner - The record's owner address.
 * @returns The relayed addresses; empty when none is valid.
 */
export function decodeReachRecord(value: Uint8Array, owner: string): RelayedAddress[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(value));
  } catch {
    return [];
  }
  const addrs = (parsed as { addrs?: unknown }).addrs;
  if (!Array.isArray(addrs)) return [];
  const result: RelayedAddress[] = [];
  for (const text of addrs) {
    if (typeof text !== "string") continue;
    const relayed = parseRelayedAddress(text);
    if (relayed !== undefined && sameAddress(ownerOf(relayed.service), owner)) result.push(relayed);
  }
  return result;
}

/**
 * Splits a relayed address into the relay and the service.
 *
 * @param text - `<relay address>/p2p-circuit/p2p/<service>`.
 * @returns The parts, or undefined when the text is not such an address.
 */
export function parseRelayedAddress(text: string): RelayedAddress | undefined {
  let address: Multiaddr;
  try {
    address = multiaddr(text);
  } catch {
    return undefined;
  }
  const components = address.getComponents();
  const circuit = components.findIndex((component) => component.code === CODE_P2P_CIRCUIT);
  if (circuit < 1 || circuit !== components.length - 2) return undefined;
  const relay = components[circuit - 1];
  const service = components[circuit + 1];
  if (relay?.code !== CODE_P2P || service?.code !== CODE_P2P) return undefined;
  if (relay.value === undefined || service.value === undefined) return undefined;
  const relayText = text.slice(0, text.indexOf("/p2p-circuit"));
  return { relay: relay.value, relayAddress: multiaddr(relayText), address, service: service.value };
}

/** The Ethereum address of a peer id's key, or undefined when it has none. */
export function ownerOf(peerId: string): string | undefined {
  try {
    return nodeAddressFromPeerId(peerId);
  } catch {
    return undefined;
  }
}

/** True when both addresses are the same, whatever their case. */
export function sameAddress(a: string | undefined, b: string): boolean {
  return a?.toLowerCase() === b.toLowerCase();
}
