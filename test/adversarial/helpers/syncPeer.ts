import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { logger } from "@libp2p/logger";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { MAIL_SERVING_ERRORS } from "../../../node/mail/server/servingErrors.js";
import { serveRequest } from "../../../node/serving/serveRequest.js";
import { MAIL_SYNC_PROTOCOL_1_0 } from "../../../node/mail/sync/constants.js";
import { SyncRequest, SyncResponse } from "../../../node/mail/sync/sync.generated.js";

/** Answers one node-to-node request the way a rogue mail server wants to. */
export type SyncAnswer = (request: SyncRequest) => SyncResponse | Promise<SyncResponse>;

/**
 * A libp2p host that speaks `/waymark/mail/sync/1.0.0` as a mail server would, with answers of the
 * test's choosing: a registered node of some provider that misbehaves. Without `answer` it serves
 * nothing and only dials (to push replication requests at a victim).
 *
 * @param options - Its key (register it first to be a "registered" peer) and how it answers.
 * @returns The started host; stop it after the test.
 */
export async function startSyncPeer(
  options: { privateKey?: PrivateKey | undefined; answer?: SyncAnswer | undefined } = {},
): Promise<Libp2p<BaseServices>> {
  const host = await createWaymarkHost({
    privateKey: options.privateKey,
    dhtClientMode: false,
    connectionManager: LOOPBACK_CONNECTION_SETTINGS,
  });
  const answer = options.answer;
  if (answer !== undefined) {
    const shutdown = new AbortController();
    host.addEventListener("stop", () => {
      shutdown.abort();
    });
    await host.handle(
      MAIL_SYNC_PROTOCOL_1_0,
      (stream) => {
        void serveRequest(
          stream,
          {
            maxFrameBytes: 64 * 1024 * 1024,
            timeoutMs: 30_000,
            shutdown: shutdown.signal,
            errors: MAIL_SERVING_ERRORS,
            encodeError: (error) => SyncResponse.encode({ error }),
            log: logger("waymark:test:rogue"),
          },
          {
            handle: async (frame) => SyncResponse.encode(await answer(SyncRequest.decode(frame))),
          },
        );
      },
      { maxInboundStreams: 64 },
    );
  }
  return host;
}
