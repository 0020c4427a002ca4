import { Response } from "../../client/mail/protocol/mail.generated.js";
import { MAIL_SERVING_ERRORS } from "../../node/mail/server/servingErrors.js";
import type { ServeSessionInit } from "../../node/serving/serveSession.js";

/**
 * Serving settings for a test server of the mail protocol: mail's errors and error answers, a
 * 64 KiB frame limit, 10 s per request, 60 s between a session's requests, and no log.
 *
 * @param shutdown - Stops serving when aborted.
 * @param extra - Settings to add or replace (a `timer`, for instance).
 * @returns The settings.
 */
export function mailServing(shutdown: AbortSignal, extra: Partial<ServeSessionInit> = {}): ServeSessionInit {
  return {
    maxFrameBytes: 65_536,
    timeoutMs: 10_000,
    idleTimeoutMs: 60_000,
    shutdown,
    errors: MAIL_SERVING_ERRORS,
    encodeError: (error) => Response.encode({ error }),
    log: Object.assign(() => undefined, {
      enabled: false,
      trace: () => undefined,
      error: () => undefined,
      newScope: () => undefined as never,
    }),
    ...extra,
  };
}
