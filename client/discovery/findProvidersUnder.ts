import type { Libp2p, PeerInfo } from "@libp2p/interface";
import type { CID } from "multiformats/cid";

import type { BaseServices } from "../kernel/p2p/createHost.js";
import type { ResolvedQuorum } from "../options/index.js";
import { serviceKey } from "../kernel/service/serviceKey.js";

/**
 * The DHT keys a discovery searches: the client's own service key and, with a quorum of curators,
 * each registry's (`waymark/<chainId>/<registry>/<service>`), without repeats.
 *
 * @param key - The client's own service key.
 * @param service - The service name.
 * @param quorum - The quorum of curators, if any.
 * @returns The keys, the client's own first.
 */
export function discoveryKeys(key: CID, service: string, quorum: ResolvedQuorum | undefined): CID[] {
  const keys = new Map([[key.toString(), key]]);
  for (const member of quorum?.registries ?? []) {
    const memberKey = serviceKey({ chainId: member.chainId, registry: member.registry, service });
    keys.set(memberKey.toString(), memberKey);
  }
  return [...keys.values()];
}

/**
 * Searches the DHT for the providers of several keys at once and yields each answer's providers
 * as it comes, whichever key it answers; ends when every search has ended (or `signal` aborts,
 * which ends them all; so does the consumer stopping). One key is the DHT's own `findProviders`,
 * unchanged.
 *
 * @param host - The libp2p host.
 * @param keys - The keys.
 * @param signal - Ends the searches.
 * @returns The providers of each answer.
 */
export async function* findProvidersUnder(
  host: Libp2p<BaseServices>,
  keys: readonly CID[],
  signal: AbortSignal,
): AsyncGenerator<PeerInfo[], void, undefined> {
  const [only] = keys;
  if (keys.length === 1 && only !== undefined) {
    for await (const event of host.services.dht.findProviders(only, { signal })) {
      if (event.name === "PROVIDER") yield event.providers;
    }
    return;
  }
  // Stopping early (the consumer has enough) ends the other searches too.
  const stop = new AbortController();
  const inner = AbortSignal.any([signal, stop.signal]);
  const queue: PeerInfo[][] = [];
  let wake: (() => void) | undefined;
  let running = keys.length;
  let failure: Error | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  for (const key of keys) {
    void (async () => {
      try {
        for await (const event of host.services.dht.findProviders(key, { signal: inner })) {
          if (event.name === "PROVIDER") {
            queue.push(event.providers);
            notify();
          }
        }
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      } finally {
        running--;
        notify();
      }
    })();
  }
  try {
    while (running > 0 || queue.length > 0) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stop.abort();
  }
  if (failure !== undefined) throw failure;
}
