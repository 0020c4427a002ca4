import type { KadDHT, SingleKadDHT } from "@libp2p/kad-dht";

/**
 * How many peers the host's DHT routing table holds (0 when it has no DHT or none yet).
 *
 * @param host - A libp2p host with a `dht` service, or undefined.
 * @returns The routing table size.
 */
export function routingTableSize(host: { services: { dht: KadDHT } } | undefined): number {
  return (host?.services.dht as Partial<SingleKadDHT> | undefined)?.routingTable?.size ?? 0;
}
