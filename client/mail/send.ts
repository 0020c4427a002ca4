import type { VerifiedCandidate } from "../verification/types.js";
import type { MailContext } from "./context.js";
import { isMailServerFailure } from "./failures.js";
import { envelopeIdHex, pushEnvelope } from "./protocol/index.js";
import type { SealOptions } from "./sealEnvelope.js";
import { sealEnvelope } from "./sealEnvelope.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Options of {@link send}: the message's encryption, ttl and time, and a signal. */
export interface SendOptions extends SealOptions {
  /** Cancels the send. */
  signal?: AbortSignal | undefined;
}

/** Return type of {@link send}. */
export interface SendReturnType {
  /** The envelope id, hex. */
  id: string;
  /** True when the server already held the message (it is stored once). */
  duplicate: boolean;
  /** The server that committed it. */
  server: VerifiedCandidate;
  /** Whether the payload was encrypted end to end. */
  encrypted: boolean;
}

/**
 * Sends a message: pushes one envelope to the selected mail server and waits until the server has
 * committed it; the servers replicate it among themselves. When the server fails (unreachable, too
 * slow, unavailable, rate limited) the same envelope goes to the next server (same id, so it is
 * stored once).
 *
 * @param client - The Waymark client (or any {@link MailContext}).
 * @param topic - Routing topic.
 * @param payload - The payload, as bytes or UTF-8 text.
 * @param options - End-to-end encryption (bound to the envelope by default), ttl, timestamp, signal.
 * @returns The envelope id and the server used.
 * @throws MailInvalidEnvelopeError or MailTooLargeError when the message breaks a protocol rule.
 * @throws EncryptionError when `encryptTo` is not a public key, or the timestamp or ttl cannot be sealed.
 * @throws MailKeyNotPublishedError when `encryptTo` is an address that published no mail key.
 * @throws NoServerAvailableError when every attempt failed.
 * @example
 * ```ts
 * const { id } = await send(client, "/chat/room-1", "hello", { encryptTo: bobPublicKey });
 * ```
 */
export async function send(
  client: MailContext,
  topic: string,
  payload: Uint8Array | string,
  options: SendOptions = {},
): Promise<SendReturnType> {
  const { envelope, encrypted } = await sealEnvelope(client, { ...options, topic, payload }, options.signal);
  return client.withServer(
    async (server, { signal }) => {
      const { duplicate } = await pushEnvelope(
        client.host,
        peerIdsOf(client.host).parse(server.peerId),
        envelope,
        {
          signal,
          timeoutMs: client.options.requestTimeoutMs,
        },
      );
      return {
        id: envelopeIdHex(envelope.id),
        duplicate,
        server,
        encrypted,
      };
    },
    { signal: options.signal, isServerFailure: isMailServerFailure },
  );
}
