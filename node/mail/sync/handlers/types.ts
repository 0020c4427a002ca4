import type { Envelope } from "../../../../client/mail/protocol/mail.generated.js";
import type { ReplicationServer } from "../../../replication/server.js";
import type { SyncKindHandler as GenericSyncKindHandler } from "../../../replication/syncDispatcher.js";
import type { StoredEnvelope } from "../../store/types.js";
import type { SyncRequest, SyncResponse } from "../sync.generated.js";

/** The request kinds of `/waymark/mail/sync/1.0.0`: the fields of the `SyncRequest` union. */
export type SyncRequestKind = keyof SyncRequest;

export type { SyncOrigin } from "../../../replication/adapter.js";

/** The replication core's serving side, over mail's adapter. */
export type MailReplicationServer = ReplicationServer<Envelope, StoredEnvelope>;

/**
 * Answers one kind of node-to-node request: takes the request's body of that kind and returns the
 * response's body of the same kind, charging the peer's quotas for what it moves.
 *
 * @throws MailProtocolError subclasses, answered as error frames.
 */
export type SyncKindHandler<K extends SyncRequestKind> = GenericSyncKindHandler<SyncRequest, SyncResponse, K>;
