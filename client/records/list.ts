import type { VerifiedCandidate } from "../verification/types.js";
import type { RecordsContext } from "./context.js";
import { isRecordsServerFailure } from "./failures.js";
import type { RecordNameEntry } from "./protocol/requests.js";
import { listRecordNames } from "./protocol/requests.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Parameters of {@link list}. */
export interface ListParameters {
  /** The owner's address. */
  owner: string;
  /** Names per page; the server clamps it to its maximum. @default the server's (50) */
  pageSize?: number | undefined;
  /** Cancels the iteration. */
  signal?: AbortSignal | undefined;
}

/** One page of an owner's names. */
export interface ListPage {
  /** The names, in byte order (what the server says it holds: `get` verifies each). */
  entries: RecordNameEntry[];
  /** The server that answered. */
  server: VerifiedCandidate;
}

/**
 * Lists an owner's live names as an async iterator over pages, from the selected records server
 * with failover (a page's cursor is the last name, so the next server continues where the last
 * one stopped).
 *
 * @param client - A records client.
 * @param parameters - Owner, page size, signal.
 * @returns The pages.
 * @example
 * ```ts
 * for await (const page of client.records.list({ owner })) show(page.entries);
 * ```
 */
export async function* list(
  client: RecordsContext,
  parameters: ListParameters,
): AsyncGenerator<ListPage, void, undefined> {
  let cursor: Uint8Array | undefined;
  do {
    const page = await client.withServer(
      async (server, { signal }) => ({
        server,
        ...(await listRecordNames(
          client.host,
          peerIdsOf(client.host).parse(server.peerId),
          { owner: parameters.owner, cursor, pageSize: parameters.pageSize },
          { signal, timeoutMs: client.options.requestTimeoutMs },
        )),
      }),
      { signal: parameters.signal, isServerFailure: isRecordsServerFailure },
    );
    cursor = page.cursor;
    if (page.entries.length > 0 || cursor === undefined) yield { entries: page.entries, server: page.server };
  } while (cursor !== undefined);
}
