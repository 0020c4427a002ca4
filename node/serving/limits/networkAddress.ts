import { IpNet } from "@chainsafe/netmask";
import type { Multiaddr } from "@multiformats/multiaddr";

/** Prefix length that groups IPv6 addresses: one host or site usually holds a whole /64. */
const IPV6_GROUP_PREFIX = 64;

/**
 * The key a remote address is rate limited under: its IPv4 address, or its IPv6 /64 network.
 *
 * @param address - A connection's remote multiaddr.
 * @returns The key and the IP it came from; undefined when the address carries no IP (for example
 * a relayed or in-memory connection).
 */
export function networkAddressOf(address: Multiaddr): { key: string; ip: string } | undefined {
  for (const component of address.getComponents()) {
    if (component.name === "ip4" && component.value !== undefined) {
      return { key: component.value, ip: component.value };
    }
    if (component.name === "ip6" && component.value !== undefined) {
      return { key: new IpNet(component.value, IPV6_GROUP_PREFIX).toString(), ip: component.value };
    }
  }
  return undefined;
}

/**
 * IP networks whose peers are not limited per address (each peer still is, per peer id).
 */
export class AddressExemptions {
  private readonly networks: IpNet[];

  /**
   * @param cidrs - Networks such as `127.0.0.0/8` or `::1/128`.
   * @throws Error when one is not an IP network.
   */
  constructor(cidrs: readonly string[]) {
    this.networks = cidrs.map((cidr) => new IpNet(cidr));
  }

  /**
   * Whether an IP address lies in one of the networks.
   *
   * @param ip - An IPv4 or IPv6 address.
   * @returns True when exempt.
   */
  has(ip: string): boolean {
    return this.networks.some((network) => network.contains(ip));
  }
}
