import { envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import type { MailStore } from "../../node/mail/store/types.js";

/**
 * A store that silently loses the envelopes whose id starts with a byte below `share × 256`: it
 * answers "stored" and keeps nothing, every time the same envelope comes back. What a node that
 * drops mail on purpose looks like from outside; only a test can build it.
 *
 * @param inner - The store that keeps the rest.
 * @param share - The share of ids lost, 0 to 1.
 * @param dropped - Receives the hex id of every envelope lost.
 * @returns The store.
 */
export function droppingStore(inner: MailStore, share: number, dropped: Set<string>): MailStore {
  const drops = (id: Uint8Array): boolean => (id[0] ?? 0) < share * 256;
  return Object.assign(Object.create(inner) as MailStore, {
    put: async (envelopes: Parameters<MailStore["put"]>[0], options?: Parameters<MailStore["put"]>[1]) => {
      const kept = envelopes.filter((envelope) => !drops(envelope.id));
      for (const envelope of envelopes) if (drops(envelope.id)) dropped.add(envelopeIdHex(envelope.id));
      const outcomes = await inner.put(kept, options);
      let next = 0;
      return envelopes.map((envelope) => (drops(envelope.id) ? "stored" : outcomes[next++]!));
    },
  });
}
