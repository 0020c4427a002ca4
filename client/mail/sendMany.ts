import type { PeerId } from "@libp2p/interface";

import { WaymarkError } from "../kernel/errors/base.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { MailContext } from "./context.js";
import { isMailServerFailure } from "./failures.js";
import type { MailEnvelope, PushEnvelopesResult } from "./protocol/index.js";
import {
  MAIL_DEFAULTS,
  MailBadResponseError,
  MailProtocolError,
  batchBytesOf,
  envelopeIdHex,
  pushEnvelope,
  pushEnvelopes,
} from "./protocol/index.js";
import type { SealOptions } from "./sealEnvelope.js";
import { sealEnvelope } from "./sealEnvelope.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** One message of {@link sendMany}: a topic, a payload, and its own options beside the call's. */
export interface SendManyMessage extends SealOptions {
  /** Routing topic. */
  topic: string;
  /** The payload, as bytes or UTF-8 text. */
  payload: Uint8Array | string;
}

/** Options of {@link sendMany}. */
export interface SendManyOptions {
  /** Cancels the send; it then rejects with OperationAbortedError. */
  signal?: AbortSignal | undefined;
}

/** What happened to one message of {@link sendMany}. */
export type SendManyResult =
  /** Committed by `server` (or already held there). */
  | {
      readonly id: string;
      readonly duplicate: boolean;
      readonly server: VerifiedCandidate;
      readonly encrypted: boolean;
      readonly error?: undefined;
    }
  /**
   * Not sent: the message breaks a rule (its id is then empty when it could not be built), or
   * every server tried failed it (`NoServerAvailableError`, whose cause is the last failure).
   */
  | {
      readonly id: string;
      readonly error: Error;
      readonly duplicate?: undefined;
      readonly server?: undefined;
    };

/** A message ready to push: its place in the call, and its envelope. */
interface Prepared {
  readonly index: number;
  readonly envelope: MailEnvelope;
  readonly encrypted: boolean;
}

/**
 * Sends many messages (an application flushing its outbox) in as few requests as the protocol
 * allows: pushes of several envelopes (up to `MAIL_DEFAULTS.maxPushEnvelopes` and
 * `maxPushBatchBytes` each), acknowledged once the server has committed them. Failover is as for
 * `send`: the envelopes a server fails (unreachable, too slow, unavailable, rate limited, store
 * full) go to the next server (same ids, so each is stored once), while an envelope the server
 * refuses as wrong (invalid, too large, timestamp out of range) is not retried. A server that does
 * not serve pushes of several gets the envelopes one push each.
 *
 * @param client - The Waymark client (or any {@link MailContext}).
 * @param messages - The messages, each with its own encryption, ttl and timestamp.
 * @param options - Signal.
 * @returns One result per message, in order: its id and server, or why it was not sent.
 * @throws OperationAbortedError when `signal` aborts.
 * @example
 * ```ts
 * const results = await sendMany(client, outbox.map((m) => ({ topic: m.topic, payload: m.text })));
 * const unsent = outbox.filter((_, i) => results[i]!.error !== undefined);
 * ```
 */
export async function sendMany(
  client: MailContext,
  messages: readonly SendManyMessage[],
  options: SendManyOptions = {},
): Promise<SendManyResult[]> {
  const results = new Array<SendManyResult>(messages.length);
  const prepared: Prepared[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      const { envelope, encrypted } = await sealEnvelope(client, message, options.signal);
      prepared.push({ index, envelope, encrypted });
    } catch (err) {
      if (!(err instanceof WaymarkError)) throw err;
      results[index] = { id: "", error: err };
    }
  }
  for (const batch of batches(prepared)) await sendBatch(client, batch, results, options.signal);
  return results;
}

/** Cuts the messages into pushes within the protocol's default batch limits. */
function batches(prepared: readonly Prepared[]): Prepared[][] {
  const out: Prepared[][] = [];
  let current: Prepared[] = [];
  let bytes = 0;
  for (const item of prepared) {
    const size = batchBytesOf(item.envelope);
    if (
      current.length > 0 &&
      (current.length === MAIL_DEFAULTS.maxPushEnvelopes || bytes + size > MAIL_DEFAULTS.maxPushBatchBytes)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Pushes one batch with failover, filling in the results of its messages. */
async function sendBatch(
  client: MailContext,
  batch: readonly Prepared[],
  results: SendManyResult[],
  signal: AbortSignal | undefined,
): Promise<void> {
  let pending = batch;
  try {
    await client.withServer(
      async (server, attempt) => {
        const node = peerIdsOf(client.host).parse(server.peerId);
        const timeoutMs = client.options.requestTimeoutMs;
        const answers = await pushBatch(client, node, pending, { signal: attempt.signal, timeoutMs });
        const failed: Prepared[] = [];
        let failure: Error | undefined;
        for (const [i, item] of pending.entries()) {
          const answer = answers[i];
          if (answer === undefined)
            throw new MailBadResponseError("The node answered fewer results than envelopes");
          const id = envelopeIdHex(item.envelope.id);
          if (answer.error === undefined) {
            results[item.index] = { id, duplicate: answer.duplicate, server, encrypted: item.encrypted };
          } else if (isMailServerFailure(answer.error)) {
            failed.push(item);
            failure ??= answer.error;
          } else {
            results[item.index] = { id, error: answer.error };
          }
        }
        pending = failed;
        // The server failed some envelopes: fail over with those alone.
        if (failure !== undefined) throw failure;
      },
      { signal, isServerFailure: isMailServerFailure },
    );
  } catch (err) {
    if (!(err instanceof Error) || err.name === "OperationAbortedError") throw err;
    for (const item of pending) results[item.index] = { id: envelopeIdHex(item.envelope.id), error: err };
  }
}

/**
 * One push of several to one server; a server that does not serve it (or allows fewer envelopes
 * or bytes per push) gets one push per envelope instead.
 */
async function pushBatch(
  client: MailContext,
  node: PeerId,
  batch: readonly Prepared[],
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<PushEnvelopesResult[]> {
  const envelopes = batch.map((item) => item.envelope);
  try {
    return await pushEnvelopes(client.host, node, envelopes, options);
  } catch (err) {
    if (!isBatchRefusal(err)) throw err;
  }
  const answers: PushEnvelopesResult[] = [];
  for (const envelope of envelopes) {
    try {
      answers.push(await pushEnvelope(client.host, node, envelope, options));
    } catch (err) {
      if (!(err instanceof MailProtocolError) || isMailServerFailure(err)) throw err;
      answers.push({ id: envelope.id, error: err });
    }
  }
  return answers;
}

/** Whether a node refused a push of several as such: an older node, or one with lower batch limits. */
function isBatchRefusal(err: unknown): boolean {
  if (!(err instanceof MailProtocolError)) return false;
  if (err.name === "MailUnsupportedVersionError") return true;
  return err.name === "MailTooLargeError" && (err.limit === "push-envelopes" || err.limit === "push-bytes");
}
