import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p, PrivateKey } from "@libp2p/interface";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import type { MailService, MailServiceInit } from "../../node/mail/index.js";
import type { PeerPolicyCheck } from "../../node/services/types.js";
import { mailService } from "../../node/mail/index.js";
import type { AddProviderOptions } from "../../scripts/kit/registry.js";

/** A host that runs the mail service. */
export type MailHost = Libp2p<BaseServices & { mail: MailService }>;

/** A replication policy for tests. */
export type PeerCheck = PeerPolicyCheck;

/**
 * Everything a test started, stopped in `afterEach` by {@link Harness.cleanup}.
 */
export class Harness {
  private readonly hosts: Libp2p[] = [];
  private readonly dirs: string[] = [];

  /** A fresh temporary folder, removed at cleanup. */
  async tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "waymark-mail-"));
    this.dirs.push(dir);
    return dir;
  }

  /**
   * Starts a mail server on 127.0.0.1 with a SQLite file in `dir` (a fresh folder by default).
   *
   * @param init - Mail options; `path` defaults to `<dir>/mail.sqlite`.
   * @param options - Identity and folder.
   * @returns The host.
   */
  async mailNode(
    init: MailServiceInit = {},
    options: { privateKey?: PrivateKey; dir?: string } = {},
  ): Promise<MailHost> {
    const dir = options.dir ?? (await this.tempDir());
    const host = await createWaymarkHost({
      privateKey: options.privateKey ?? (await generateKeyPair("secp256k1")),
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      services: { mail: mailService({ path: join(dir, "mail.sqlite"), ...init }) },
    });
    this.hosts.push(host);
    return host;
  }

  /**
   * Starts a plain client host (no mail service).
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

  /**
   * Stops a host made elsewhere at cleanup too.
   *
   * @param host - The host.
   */
  track(host: Libp2p): void {
    this.hosts.push(host);
  }

  /** Stops every host and removes every folder. */
  async cleanup(): Promise<void> {
    await Promise.all(this.hosts.splice(0).map(async (host) => host.stop()));
    await Promise.all(this.dirs.splice(0).map(async (dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * A peer check that trusts exactly the peers in a set (filled as nodes start).
 *
 * @param allowed - Peer ids as text.
 * @returns The check.
 */
export function allowList(allowed: ReadonlySet<string>): PeerCheck {
  return (peers) =>
    Promise.resolve(
      peers.map((peer) => {
        const ok = allowed.has(peer.toString());
        return {
          allowed: ok,
          reason: ok ? "Listed" : "NotListed",
          providerId: undefined,
          ownProvider: false,
        };
      }),
    );
}

/**
 * Polls until `condition` holds.
 *
 * @param condition - What to wait for.
 * @param what - Named in the error when it never holds.
 * @param timeoutMs - How long to wait at most.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Connects every pair of hosts.
 *
 * @param hosts - The hosts.
 */
export async function connectAll(hosts: readonly Libp2p[]): Promise<void> {
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      await hosts[i]!.dial(hosts[j]!.getMultiaddrs());
    }
  }
}

/** The provider of a mail test's registry: id 1, a default provider owned by `signers[1]`. */
export const MAIL_TEST_PROVIDER: AddProviderOptions = {
  name: "Test Mail",
  metadataURI: "https://mail.example",
};

/**
 * A payload of the given size filled with a marker byte.
 *
 * @param size - Bytes.
 * @param fill - The byte.
 * @returns The payload.
 */
export function payloadOf(size: number, fill = 7): Uint8Array {
  return new Uint8Array(size).fill(fill);
}

/**
 * A frame with an unsigned-varint length prefix, which may announce another length than the body's.
 *
 * @param body - The bytes after the prefix.
 * @param declaredLength - The length the prefix announces.
 * @returns Prefix and body.
 */
export function framed(body: Uint8Array, declaredLength = body.byteLength): Uint8Array {
  const prefix: number[] = [];
  let length = declaredLength;
  do {
    prefix.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
    length >>>= 7;
  } while (length > 0);
  return new Uint8Array([...prefix, ...body]);
}
