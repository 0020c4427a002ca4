import type { AuditContext, AuditTrustedServersParameters } from "./audit/auditTrustedServers.js";
import { auditTrustedServers } from "./audit/auditTrustedServers.js";
import type { MailContext } from "./context.js";
import type { AuditReport } from "./protocol/audit/report.js";
import type { HistoryPage, HistoryParameters } from "./history.js";
import { history } from "./history.js";
import type { SendOptions, SendReturnType } from "./send.js";
import { send } from "./send.js";
import type { SendManyMessage, SendManyOptions, SendManyResult } from "./sendMany.js";
import { sendMany } from "./sendMany.js";

/** The mail service's actions on a client. */
export interface MailActions {
  /**
   * Sends a message through the selected mail server, failing over on failure. See `send`.
   *
   * @param topic - Routing topic.
   * @param payload - Bytes or UTF-8 text.
   * @param options - `encryptTo` a recipient public key, ttl, timestamp, signal.
   * @returns The envelope id and the server that committed it.
   */
  send(topic: string, payload: Uint8Array | string, options?: SendOptions): Promise<SendReturnType>;
  /**
   * Sends many messages (an outbox flush) in pushes of several envelopes, failing over per
   * envelope as `send` does. See `sendMany`.
   *
   * @param messages - Topic, payload and per-message options of each.
   * @param options - Signal.
   * @returns One result per message, in order: its id and server, or why it was not sent.
   */
  sendMany(messages: readonly SendManyMessage[], options?: SendManyOptions): Promise<SendManyResult[]>;
  /**
   * Reads history as an async iterator over pages. See `history`.
   *
   * @param parameters - Topics, from, to, page size, direction, decryption key, signal.
   * @returns The pages.
   * @example
   * ```ts
   * for await (const page of client.history({ topics: ["/chat/1"], pageSize: 20 })) show(page.messages);
   * ```
   */
  history(parameters?: HistoryParameters): AsyncGenerator<HistoryPage, void, undefined>;
  /**
   * Audits the trusted mail servers of different providers for completeness, hash-only, and
   * reports what each lacks. See `auditTrustedServers`.
   *
   * @param parameters - Range (default: the settled hour), server choice, tuning, signal.
   * @returns The report.
   */
  audit(parameters?: AuditTrustedServersParameters): Promise<AuditReport>;
}

/**
 * The mail actions, bound to a client that has a server with failover, discovery and verification
 * (`coreActions`).
 *
 * @param client - The client.
 * @returns The actions, to add with `client.extend(mailActions)`.
 */
export function mailActions(client: MailContext & AuditContext): MailActions {
  return {
    send: async (topic, payload, options = {}) => send(client, topic, payload, options),
    sendMany: async (messages, options = {}) => sendMany(client, messages, options),
    history: (parameters = {}) => history(client, parameters),
    audit: async (parameters = {}) => auditTrustedServers(client, parameters),
  };
}
