import {
  MailMalformedError,
  MailProtocolError,
  MailRateLimitedError,
  MailTimeoutError,
  MailTooLargeError,
  MailUnavailableError,
  errorToFrame,
} from "../../../client/mail/protocol/errors.js";
import type { ServingErrors } from "../../serving/servingErrors.js";

/** The mail errors the shared serving parts raise and answer, for both mail protocols. */
export const MAIL_SERVING_ERRORS: ServingErrors = {
  toFrame: errorToFrame,
  isProtocolError: (error) => error instanceof MailProtocolError,
  unavailable: (message, cause) => new MailUnavailableError(message, { cause }),
  timeout: (message, cause) => new MailTimeoutError(message, { cause }),
  tooLarge: (message) => new MailTooLargeError(message, { limit: "frame" }),
  malformed: (message) => new MailMalformedError(message),
  rateLimited: (message, refusal) => new MailRateLimitedError(message, refusal),
};
