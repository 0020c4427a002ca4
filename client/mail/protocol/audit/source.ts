import type { AbortOptions } from "@libp2p/interface";

import type { AuditBucket, AuditRange } from "../auditDigest.js";
import { requestAuditDigest } from "../auditDigest.js";
import { requestAuditIds } from "../auditIds.js";
import { MailRateLimitedError } from "../errors.js";
import type { MailPeer, MailRequestOptions, MailStreamSource } from "../roundTrip.js";

/** A digest as an audit compares it. */
export interface SourceDigest {
  buckets: AuditBucket[];
  /** Envelopes dated at or below this were evicted for space; 0 when none. */
  floor: number;
  /** Bytes the exchange moved (0 for a source read in place). */
  bytes: number;
}

/** One page of ids as an audit lists them. */
export interface SourceIds {
  ids: Uint8Array[];
  cursor: Uint8Array | undefined;
  /** Bytes the exchange moved (0 for a source read in place). */
  bytes: number;
}

/**
 * What an audit compares: a server that answers digests and id listings of time ranges. A remote
 * mail server ({@link remoteAuditSource}), or a node's own store when it audits its peers.
 */
export interface AuditSource {
  /** Who it is, as the report names it (a peer id). */
  readonly name: string;
  /** Its provider, when known (a registry provider id, as decimal text). */
  readonly providerId?: string | undefined;
  /**
   * Count and checksum of the envelopes held in `buckets` equal slices of `range`.
   *
   * @throws what the server's protocol throws.
   */
  digest(range: AuditRange, buckets: number, options?: AbortOptions): Promise<SourceDigest>;
  /**
   * One page of the ids held in `range`, after `cursor`.
   *
   * @throws what the server's protocol throws.
   */
  ids(
    range: AuditRange,
    cursor: Uint8Array | undefined,
    limit: number,
    options?: AbortOptions,
  ): Promise<SourceIds>;
}

/** Waits for a rate limit, per request, before its error stands. */
const MAX_RATE_LIMIT_WAITS = 30;

/** Options of {@link remoteAuditSource}. */
export interface RemoteAuditSourceOptions extends Omit<MailRequestOptions, "signal"> {
  /** The server's provider, for the report. */
  providerId?: string | undefined;
  /**
   * Longest wait for a server that answers `MailRateLimitedError`: the request is sent again once
   * its `retryAfterMs` has passed, when that is within this bound; otherwise the error stands.
   * @default 60000
   */
  maxRateLimitWaitMs?: number | undefined;
}

/**
 * A mail server audited over the client protocol (`/waymark/mail/1.0.0` audit requests). A request
 * refused for its rate is sent again after the wait the server names, within `maxRateLimitWaitMs`:
 * an audit of a large difference outruns a server's audit quota by design, and waits for it.
 *
 * @param host - The libp2p host (or a connection) requests go out on.
 * @param peer - The server.
 * @param name - How the report names it (its peer id).
 * @param options - Timeout, response size limit, provider, rate-limit wait.
 * @returns The source.
 */
export function remoteAuditSource(
  host: MailStreamSource,
  peer: MailPeer,
  name: string,
  options: RemoteAuditSourceOptions = {},
): AuditSource {
  const maxWaitMs = options.maxRateLimitWaitMs ?? 60_000;
  const request = async <T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        const wait = err instanceof MailRateLimitedError ? Math.max(err.retryAfterMs, 10) : undefined;
        if (wait === undefined || wait > maxWaitMs || attempt >= MAX_RATE_LIMIT_WAITS) throw err;
        await sleep(wait, signal);
      }
    }
  };
  return {
    name,
    providerId: options.providerId,
    digest: async (range, buckets, call = {}) =>
      request(
        async () => requestAuditDigest(host, peer, { range, buckets }, { ...options, signal: call.signal }),
        call.signal,
      ),
    ids: async (range, cursor, limit, call = {}) =>
      request(
        async () =>
          requestAuditIds(host, peer, { range, cursor, limit }, { ...options, signal: call.signal }),
        call.signal,
      ),
  };
}

async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
