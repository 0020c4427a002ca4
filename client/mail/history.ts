import type { VerifiedCandidate } from "../verification/types.js";
import type { MailContext } from "./context.js";
import { decryptPayload, sealedPayloadVersion } from "./encryption.js";
import { isMailServerFailure } from "./failures.js";
import type { MailEnvelope, QueryDirection } from "./protocol/index.js";
import { envelopeIdHex, queryHistory } from "./protocol/index.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Parameters of {@link history}. */
export interface HistoryParameters {
  /** Topics to read; empty or absent for every topic. */
  topics?: readonly string[] | undefined;
  /** Earliest message time, inclusive (milliseconds since the epoch, or a Date). */
  from?: number | Date | undefined;
  /** Latest message time, inclusive. */
  to?: number | Date | undefined;
  /** Messages per page; the server clamps it to its maximum. @default 50 */
  pageSize?: number | undefined;
  /** `forward`: oldest first; `backward`: newest first. @default "forward" */
  direction?: QueryDirection | undefined;
  /**
   * Secret key to open end-to-end encrypted payloads with. A bound payload opens only in the
   * envelope it was sealed for (same topic, timestamp and ttl).
   */
  decryptWith?: Uint8Array | undefined;
  /** Cancels the iteration. */
  signal?: AbortSignal | undefined;
}

/** A message as history returns it. */
export interface MailMessage {
  /** Envelope id, hex. */
  id: string;
  topic: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Seconds the servers keep it (0: their retention). */
  ttl: number;
  /** The payload as stored: ciphertext when it was encrypted. */
  payload: Uint8Array;
  /** Whether the payload is an end-to-end encrypted one. */
  encrypted: boolean;
  /**
   * Whether the payload is sealed in the bound format (version 2): when it opened, it was sealed
   * for this very topic, timestamp and ttl. False for unencrypted payloads and for the older
   * unbound format, whose topic and time nothing vouches for.
   */
  bound: boolean;
  /** The plaintext, when it was encrypted and `decryptWith` opened it. */
  plaintext: Uint8Array | undefined;
  /**
   * The message as UTF-8 text: the plaintext when it was encrypted and opened, the payload when it
   * was not encrypted; undefined when it was encrypted and did not open, or is not valid UTF-8.
   */
  text: string | undefined;
}

/** One page of history. */
export interface HistoryPage {
  messages: MailMessage[];
  /** The server that answered. */
  server: VerifiedCandidate;
}

/**
 * Reads history as an async iterator over pages. Each page is fetched from the selected server;
 * when it fails mid-way, the next server continues from the last message seen (cursors are only
 * valid on the server that issued them, but every server holds the same messages).
 *
 * @param client - The Waymark client (or any {@link MailContext}).
 * @param parameters - Topics, time range, page size, direction, decryption key, signal.
 * @yields Pages of messages until the history is exhausted.
 * @example
 * ```ts
 * for await (const page of history(client, { topics: ["/chat/room-1"], pageSize: 20 })) {
 *   for (const m of page.messages) show(m);
 * }
 * ```
 */
export async function* history(
  client: MailContext,
  parameters: HistoryParameters = {},
): AsyncGenerator<HistoryPage, void, undefined> {
  const direction = parameters.direction ?? "forward";
  const from = toMillis(parameters.from);
  const to = toMillis(parameters.to);
  let cursor: { server: string; bytes: Uint8Array } | undefined;
  let edge: { timestamp: number; ids: Set<string> } | undefined;

  for (;;) {
    const { page, server } = await client.withServer(
      async (server, { signal }) => {
        // A cursor is only valid on the server that issued it, for the same query. Another server
        // continues from the last message's time instead.
        const sameServer = cursor?.server === server.peerId;
        const resume = !sameServer && edge !== undefined ? edge.timestamp : undefined;
        const result = await queryHistory(
          client.host,
          peerIdsOf(client.host).parse(server.peerId),
          {
            topics: parameters.topics,
            from: direction === "forward" ? (resume ?? from) : from,
            to: direction === "backward" ? (resume ?? to) : to,
            cursor: sameServer ? cursor?.bytes : undefined,
            pageSize: parameters.pageSize,
            direction,
          },
          { signal, timeoutMs: client.options.requestTimeoutMs },
        );
        return { page: result, server };
      },
      { signal: parameters.signal, isServerFailure: isMailServerFailure },
    );
    const fresh = page.envelopes.filter(
      (e) => !(edge?.timestamp === e.timestamp && edge.ids.has(envelopeIdHex(e.id))),
    );
    if (fresh.length > 0) yield { messages: fresh.map((e) => toMessage(e, parameters.decryptWith)), server };
    if (page.cursor === undefined) return;
    cursor = { server: server.peerId, bytes: page.cursor };
    // Where another server would continue, should this one fail: the last message's time,
    // skipping the messages of that same millisecond already returned.
    const last = page.envelopes.at(-1);
    if (last !== undefined) {
      const ids = edge?.timestamp === last.timestamp ? edge.ids : new Set<string>();
      for (const e of page.envelopes) if (e.timestamp === last.timestamp) ids.add(envelopeIdHex(e.id));
      edge = { timestamp: last.timestamp, ids };
    }
  }
}

function toMessage(envelope: MailEnvelope, key: Uint8Array | undefined): MailMessage {
  const version = sealedPayloadVersion(envelope.payload);
  const encrypted = version !== undefined;
  let plaintext: Uint8Array | undefined;
  if (encrypted && key !== undefined) {
    try {
      plaintext = decryptPayload(key, envelope.payload, envelope);
    } catch {
      plaintext = undefined;
    }
  }
  return {
    id: envelopeIdHex(envelope.id),
    topic: envelope.topic,
    timestamp: envelope.timestamp,
    ttl: envelope.ttl,
    payload: envelope.payload,
    encrypted,
    bound: version === 2,
    plaintext,
    text: utf8(encrypted ? plaintext : envelope.payload),
  };
}

function utf8(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function toMillis(value: number | Date | undefined): number | undefined {
  return value instanceof Date ? value.getTime() : value;
}
