import type { AbortOptions, Libp2p } from "@libp2p/interface";
import { logger } from "@libp2p/logger";

import { sample } from "../kernel/random/sample.js";
import { parseServerAddress } from "./candidate.js";
import { JOIN_GRACE_MS } from "./constants.js";
import { rememberAddresses } from "./peerStore.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

const log = logger("waymark:client:discovery");

/** Parameters of {@link joinNetwork}. */
export interface JoinNetworkParameters extends AbortOptions {
  /**
   * Entry points dialled first (multiaddrs ending in `/p2p/<peer id>`): the user's configured
   * bootstrap peers and the bootstrap records of providers the trust policy trusts.
   */
  peers: readonly string[];
  /**
   * Entry points dialled only when none of `peers` could be reached: the bootstrap records of
   * registered nodes whose provider the policy does not trust, which could otherwise surround the
   * client with DHT peers that answer only what they like.
   * @default []
   */
  fallbackPeers?: readonly string[] | undefined;
  /** How many distinct peers to dial at once, chosen at random. */
  dials: number;
  /** Source of randomness in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
  /**
   * How long, once one entry point of a wave answered, the others of the wave are waited for, in
   * milliseconds. @default JOIN_GRACE_MS
   */
  graceMs?: number | undefined;
}

/**
 * Joins the DHT: dials a few random entry points so that the (client-mode) DHT learns server peers
 * through identify. `peers` come first, `dials` at a time, until one answers; `fallbackPeers` only
 * when none of them does. Once one of a wave answered, the others are waited for `graceMs` more at
 * most, so an entry point cut off by a partition does not hold the search until its dial times out. Entries that do not parse are skipped. Does nothing while the host
 * already has connections.
 *
 * @param host - The client's libp2p host.
 * @param parameters - Entry points in two tiers, how many to dial at once, abort signal.
 * @returns How many entry points were reached (0 when already connected).
 */
export async function joinNetwork(host: Libp2p, parameters: JoinNetworkParameters): Promise<number> {
  if (host.getConnections().length > 0) return 0;
  const first = byPeer(host, parameters.peers);
  const fallback = byPeer(host, parameters.fallbackPeers ?? []);
  for (const peerId of first.keys()) fallback.delete(peerId);
  for (const tier of [first, fallback]) {
    const remaining = sample([...tier.keys()], tier.size, parameters.random ?? Math.random);
    while (remaining.length > 0 && parameters.signal?.aborted !== true) {
      const chosen = remaining.splice(0, Math.max(1, parameters.dials));
      const reached = await dialWave(
        chosen.map(async (peerId) => {
          await rememberAddresses(host, peerId, tier.get(peerId) ?? []);
          await host.dial(peerIdsOf(host).parse(peerId), { signal: parameters.signal });
        }),
        parameters.graceMs ?? JOIN_GRACE_MS,
      );
      if (reached > 0) return reached;
    }
  }
  return 0;
}

/**
 * Waits for a wave of dials: until every one has settled, or `graceMs` after the first succeeded
 * (a dial into a partition hangs until its timeout; it goes on in the background, and if it
 * succeeds the DHT gains that peer then).
 *
 * @returns How many had succeeded by then.
 */
async function dialWave(dials: readonly Promise<void>[], graceMs: number): Promise<number> {
  let reached = 0;
  let grace: ReturnType<typeof setTimeout> | undefined;
  await new Promise<void>((resolve) => {
    let settled = 0;
    const done = (): void => {
      if (++settled === dials.length) resolve();
    };
    for (const dial of dials) {
      dial.then(() => {
        reached += 1;
        grace ??= setTimeout(resolve, graceMs);
        done();
      }, done);
    }
    if (dials.length === 0) resolve();
  });
  clearTimeout(grace);
  return reached;
}

/** Entry points grouped by peer id; what does not parse, and the host itself, are left out. */
function byPeer(host: Libp2p, entries: readonly string[]): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  for (const text of entries) {
    let peerId: string;
    try {
      peerId = parseServerAddress(text, peerIdsOf(host)).peerId;
    } catch (err) {
      log("skipping an entry point that does not parse: %s", err instanceof Error ? err.message : err);
      continue;
    }
    if (peerId === host.peerId.toString()) continue;
    peers.set(peerId, [...(peers.get(peerId) ?? []), text]);
  }
  return peers;
}
