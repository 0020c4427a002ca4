import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { hexlify } from "ethers";

import { RECORDS_SERVICE } from "../../client/kernel/service/serviceId.js";
import type { RecordDomain, SignedRecord } from "../../client/records/protocol/record.js";
import { getRecord } from "../../client/records/protocol/requests.js";
import type { RecordsServiceInit } from "../../node/records/index.js";
import { newNodeKey } from "../../scripts/kit/registry.js";
import type { AddProviderOptions, RegistryWorld } from "../../scripts/kit/registry.js";
import { waitFor } from "../../scripts/kit/wait.js";
import type { RecordsHost, RecordsNodes } from "./nodes.js";

/** Two default providers whose records servers replicate with each other. */
export const RECORDS_TEST_PROVIDERS: readonly AddProviderOptions[] = [
  { name: "Records Alpha", metadataURI: "https://alpha.example" },
  { name: "Records Beta", metadataURI: "https://beta.example" },
];

/** Forwarding only: anti-entropy and catch-up would hide a forwarding bug. */
export const FORWARDING_ONLY: Partial<RecordsServiceInit> = {
  antiEntropyIntervalMs: 3_600_000,
  catchUpWaitMs: 0,
};

/** Records servers registered in a registry world, replicating under its policy. */
export class Replicas {
  constructor(
    private readonly world: () => RegistryWorld,
    private readonly nodes: RecordsNodes,
  ) {}

  /** The deployment records are signed for. */
  get domain(): RecordDomain {
    return { chainId: this.world().chainId, registry: this.world().address };
  }

  /**
   * A fresh node key registered for `records/1` (or another service) under a provider.
   *
   * @param providerId - The provider.
   * @param service - The service. @default "records/1"
   * @returns The key.
   */
  async registeredKey(providerId: bigint, service: string = RECORDS_SERVICE): Promise<PrivateKey> {
    const key = await newNodeKey();
    await this.world().registerNode(key, { providerId, service });
    return key;
  }

  /**
   * Starts a records server that replicates with the nodes registered for `records/1`.
   *
   * @param key - Its key (registered or not).
   * @param init - Records options. @default FORWARDING_ONLY
   * @param dir - Its folder, to restart it on its store.
   * @returns The host.
   */
  async node(
    key: PrivateKey,
    init: Partial<RecordsServiceInit> = FORWARDING_ONLY,
    dir?: string,
  ): Promise<RecordsHost> {
    return this.nodes.node(
      { domain: this.domain, checkPeers: this.world().check(RECORDS_SERVICE), ...init },
      { privateKey: key, ...(dir === undefined ? {} : { dir }) },
    );
  }

  /**
   * The record a node holds under a key, read and verified as a client reads it.
   *
   * @param client - The reading host.
   * @param node - The records server.
   * @param key - Owner and name.
   * @returns The record's fields (bytes as hex, see {@link fieldsOf}), or undefined.
   */
  async held(
    client: Libp2p,
    node: Libp2p,
    key: { owner: string; name: string },
  ): Promise<ReturnType<typeof fieldsOf> | undefined> {
    const record = await getRecord(client, node.getMultiaddrs(), this.domain, key);
    return record === undefined ? undefined : fieldsOf(record);
  }
}

/**
 * Connects every pair of hosts.
 *
 * @param hosts - The hosts.
 */
export async function connectAll(hosts: readonly Libp2p[]): Promise<void> {
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) await hosts[i]!.dial(hosts[j]!.getMultiaddrs());
  }
}

/**
 * Waits until every node knows `count` replication peers.
 *
 * @param nodes - The records servers.
 * @param count - Peers each should know.
 */
export async function knowPeers(nodes: readonly RecordsHost[], count: number): Promise<void> {
  await waitFor(
    () => nodes.every((node) => node.services.records.status().replication.peers === count),
    20_000,
  );
}

/**
 * A record's fields with its bytes as hex, to compare records read back with those signed.
 *
 * @param record - The record.
 * @returns Owner, name, sequence, expiry, deletion, value and signature.
 */
export function fieldsOf(record: SignedRecord): Record<string, string | number | boolean> {
  return {
    owner: record.owner,
    name: record.name,
    sequence: record.sequence,
    expires: record.expires,
    deleted: record.deleted,
    value: hexlify(record.value),
    signature: hexlify(record.signature),
  };
}
