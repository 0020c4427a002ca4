import type { Component } from "@multiformats/multiaddr";
import { CODE_P2P, multiaddr } from "@multiformats/multiaddr";
import { getAddress } from "ethers";

import { MAX_RECORD_ADDRESS_BYTES, MAX_RECORD_ADDRESSES } from "../../discovery/constants.js";
import { InvalidMultiaddrError, TooManyBootstrapAddressesError } from "../../errors/client.js";
import { nodeAddressFromPeerId } from "../../kernel/identity/nodeAddress.js";

/**
 * Checks the bootstrap addresses a node is to publish, before anything is sent: at most
 * {@link MAX_RECORD_ADDRESSES} (the registry's `MAX_BOOTSTRAP_ADDRS`), each at most
 * {@link MAX_RECORD_ADDRESS_BYTES} bytes (`MAX_MULTIADDR_LENGTH`), each a multiaddr with a location
 * (`/ip4/…/tcp/…`, `/dns4/…/tcp/…`, …) that ends in `/p2p/<peer id>` of the node's own key. The
 * registry checks only the lengths; a record that fails these checks is of no use to any client
 * (clients skip such addresses).
 *
 * @param node - The node address the record is for.
 * @param multiaddrs - The addresses; an empty list (which removes the record) passes.
 * @throws TooManyBootstrapAddressesError when there are more than the registry keeps.
 * @throws InvalidMultiaddrError naming the first address that is too long, does not parse, has no
 * location, does not end in `/p2p/<peer id>`, or names another key than the node's.
 * @example
 * ```ts
 * checkBootstrapAddresses(node, [`/dns4/mail1.example.org/tcp/4001/p2p/${peerId}`]);
 * ```
 */
export function checkBootstrapAddresses(node: string, multiaddrs: readonly string[]): void {
  if (multiaddrs.length > MAX_RECORD_ADDRESSES) {
    throw new TooManyBootstrapAddressesError(multiaddrs.length, MAX_RECORD_ADDRESSES);
  }
  const expected = getAddress(node);
  for (const text of multiaddrs) {
    const reason = whyUnusable(text, expected);
    if (reason !== undefined) throw new InvalidMultiaddrError(text, reason);
  }
}

function whyUnusable(text: string, node: string): string | undefined {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_RECORD_ADDRESS_BYTES) {
    return `it is ${bytes} bytes long; the registry keeps at most ${MAX_RECORD_ADDRESS_BYTES}`;
  }
  let components: Component[];
  try {
    components = multiaddr(text).getComponents();
  } catch (err) {
    return `it does not parse as a multiaddr (${err instanceof Error ? err.message : "malformed"})`;
  }
  const last = components.at(-1);
  if (last?.code !== CODE_P2P || last.value === undefined) return "it must end in /p2p/<the node's peer id>";
  if (components.length < 2) return "it names no location before /p2p/ (e.g. /dns4/host/tcp/4001)";
  let named: string;
  try {
    named = nodeAddressFromPeerId(last.value);
  } catch (err) {
    return `its peer id cannot be node ${node}'s (${err instanceof Error ? err.message : "malformed"})`;
  }
  if (named !== node) return `its peer id ${last.value} is node ${named}'s key, not node ${node}'s`;
  return undefined;
}
