import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PrivateKey } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import { getBytes } from "ethers";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import type { RecordsRequestOptions } from "../../client/records/protocol/exchange.js";
import { exchange } from "../../client/records/protocol/exchange.js";
import type { SignedRecord } from "../../client/records/protocol/record.js";
import type { Request } from "../../client/records/protocol/records.generated.js";
import type { RecordsService, RecordsServiceInit } from "../../node/records/index.js";
import { recordsService } from "../../node/records/index.js";
import { TempDirs } from "../../scripts/kit/tempDirs.js";
import { TEST_DOMAIN } from "./helpers.js";

/** A host that runs the records service. */
export type RecordsHost = Libp2p<BaseServices & { records: RecordsService }>;

/** Records nodes and client hosts on 127.0.0.1, stopped by {@link RecordsNodes.cleanup}. */
export class RecordsNodes {
  private readonly hosts: Libp2p[] = [];
  private readonly dirs = new TempDirs("waymark-records-");

  /**
   * Starts a records node with a SQLite file in a folder (a fresh one by default).
   *
   * @param init - Records options; the domain defaults to the test deployment.
   * @param options - Identity (fresh by default) and folder (to restart a node on its store).
   * @returns The host.
   */
  async node(
    init: Partial<RecordsServiceInit> = {},
    options: { privateKey?: PrivateKey; dir?: string } = {},
  ): Promise<RecordsHost> {
    const dir = options.dir ?? (await this.dirs.make());
    const host = await createWaymarkHost({
      privateKey: options.privateKey ?? (await generateKeyPair("secp256k1")),
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      services: {
        records: recordsService({ domain: TEST_DOMAIN, path: join(dir, "records.sqlite"), ...init }),
      },
    });
    this.hosts.push(host);
    return host;
  }

  /** A fresh folder, removed at cleanup. */
  async dir(): Promise<string> {
    return this.dirs.make();
  }

  /**
   * A plain client host.
   *
   * @param privateKey - Its identity; fresh by default.
   * @returns The host.
   */
  async client(privateKey?: PrivateKey): Promise<Libp2p<BaseServices>> {
    const host = await createWaymarkHost({
      privateKey: privateKey ?? (await generateKeyPair("secp256k1")),
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    this.hosts.push(host);
    return host;
  }

  /** Stops every host and removes every folder. */
  async cleanup(): Promise<void> {
    await Promise.all(this.hosts.splice(0).map(async (host) => host.stop()));
    await this.dirs.cleanup();
  }
}

/**
 * Sends a put without the client's own checks, as a hostile or careless peer would.
 *
 * @param client - The sending host.
 * @param node - The records node.
 * @param record - The record as sent (signature and fields untouched).
 * @param options - Timeout and signal.
 * @returns The node's answer.
 */
export async function rawPut(
  client: Libp2p,
  node: Libp2p | Multiaddr,
  record: SignedRecord,
  options: RecordsRequestOptions = {},
): Promise<{ duplicate: boolean }> {
  const request: Request = {
    put: {
      record: {
        owner: getBytes(record.owner) as Uint8Array<ArrayBuffer>,
        name: record.name,
        value: record.value as Uint8Array<ArrayBuffer>,
        sequence: record.sequence,
        expires: record.expires,
        deleted: record.deleted,
        signature: record.signature as Uint8Array<ArrayBuffer>,
      },
    },
  };
  const target = "getMultiaddrs" in node ? node.getMultiaddrs() : node;
  return exchange(client, target, "put", request, options);
}

/**
 * Sends a raw request of any kind.
 *
 * @param client - The sending host.
 * @param node - The records node.
 * @param kind - The request kind.
 * @param request - The request.
 * @returns The node's answer.
 */
export async function rawRequest(
  client: Libp2p,
  node: Libp2p,
  kind: "put" | "get" | "list",
  request: Request,
): Promise<unknown> {
  return exchange(client, node.getMultiaddrs(), kind, request);
}
