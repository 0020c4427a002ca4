import type { SignedRecord as WireRecord } from "../../../../client/records/protocol/records.generated.js";
import type { ReplicationServer } from "../../../replication/server.js";
import type { SyncKindHandler as GenericSyncKindHandler } from "../../../replication/syncDispatcher.js";
import type { SignedRecord } from "../../../../client/records/protocol/record.js";
import type { SyncRequest, SyncResponse } from "../sync.generated.js";

/** The request kinds of `/waymark/records/sync/1.0.0`: the fields of the `SyncRequest` union. */
export type SyncRequestKind = keyof SyncRequest;

export type { SyncOrigin } from "../../../replication/adapter.js";

/** The replication core's serving side, over the records adapter. */
export type RecordsReplicationServer = ReplicationServer<WireRecord, SignedRecord>;

/**
 * Answers one kind of node-to-node request: takes the request's body of that kind and returns the
 * response's body of the same kind, charging the peer's quotas for what it moves.
 *
 * @throws RecordsProtocolError subclasses, answered as error frames.
 */
export type SyncKindHandler<K extends SyncRequestKind> = GenericSyncKindHandler<SyncRequest, SyncResponse, K>;
