import { sha256 } from "@noble/hashes/sha2.js";
import { getAddress } from "ethers";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";

import { serviceId } from "./serviceId.js";

/** Multicodec of raw bytes. */
const RAW_CODEC = 0x55;
/** Multihash code of sha2-256. */
const SHA2_256 = 0x12;

/** What scopes a service key: one service of one registry on one chain. */
export interface ServiceScope {
  /** Chain id of the registry's chain. */
  chainId: bigint | number;
  /** Registry contract address (any case). */
  registry: string;
  /** Service name, e.g. `mail/1`. */
  service: string;
}

/**
 * The text a service key hashes: `waymark/<chainId>/<registry, lowercase>/<service>`.
 *
 * @param scope - Chain, registry and service.
 * @returns The canonical text.
 */
export function serviceKeyText(scope: ServiceScope): string {
  serviceId(scope.service);
  return `waymark/${BigInt(scope.chainId)}/${getAddress(scope.registry).toLowerCase()}/${scope.service}`;
}

/**
 * The DHT key under which nodes of one service of one registry announce themselves:
 * `CID(sha256("waymark/<chainId>/<registry>/<service>"))`, a CIDv1 of raw bytes. Two deployments
 * never share a key, so their nodes never mix.
 *
 * @param scope - Chain, registry and service.
 * @returns The CID to `provide()` and `findProviders()`.
 * @example
 * ```ts
 * const key = serviceKey({ chainId: 31337n, registry, service: "mail/1" });
 * for await (const event of dht.findProviders(key)) …
 * ```
 */
export function serviceKey(scope: ServiceScope): CID {
  const digest = Digest.create(SHA2_256, sha256(new TextEncoder().encode(serviceKeyText(scope))));
  return CID.createV1(RAW_CODEC, digest);
}
