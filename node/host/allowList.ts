import { IpNet } from "@chainsafe/netmask";
import { getNetConfig, isNetworkAddress } from "@libp2p/utils";
import type { Multiaddr } from "@multiformats/multiaddr";
import { multiaddr } from "@multiformats/multiaddr";

/**
 * Reads the node's `connectionAllow` prefixes the way libp2p's connection manager reads its
 * `allow` list (an address without `/ipcidr` is one host), so that the node's own limits exempt
 * the same remote addresses libp2p's limits do.
 *
 * @param prefixes - Multiaddr prefixes such as `/ip4/127.0.0.1` or `/ip4/10.0.0.0/ipcidr/8`.
 * @returns Whether a remote address lies in one of them.
 * @throws Error when a prefix is not an IPv4 or IPv6 address.
 */
export function allowListMatcher(prefixes: readonly string[]): (remote: Multiaddr) => boolean {
  const networks = prefixes.map((prefix) => {
    const config = getNetConfig(multiaddr(prefix));
    if (config.type !== "ip4" && config.type !== "ip6") {
      throw new Error(`connection allow-list entry ${prefix} is not an IPv4 or IPv6 address`);
    }
    return new IpNet(config.host, config.cidr ?? (config.type === "ip4" ? 32 : 128));
  });
  return (remote) =>
    networks.length > 0 &&
    isNetworkAddress(remote) &&
    networks.some((network) => network.contains(getNetConfig(remote).host));
}
