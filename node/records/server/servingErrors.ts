import {
  RecordTooLargeError,
  RecordsMalformedError,
  RecordsProtocolError,
  RecordsRateLimitedError,
  RecordsTimeoutError,
  RecordsUnavailableError,
  recordsErrorToFrame,
} from "../../../client/records/protocol/errors.js";
import type { ServingErrors } from "../../serving/servingErrors.js";

/** The records errors the shared serving parts raise and answer. */
export const RECORDS_SERVING_ERRORS: ServingErrors = {
  toFrame: recordsErrorToFrame,
  isProtocolError: (error) => error instanceof RecordsProtocolError,
  unavailable: (message, cause) => new RecordsUnavailableError(message, { cause }),
  timeout: (message, cause) => new RecordsTimeoutError(message, { cause }),
  tooLarge: (message) => new RecordTooLargeError(message, { limit: "frame" }),
  malformed: (message) => new RecordsMalformedError(message),
  rateLimited: (message, refusal) => new RecordsRateLimitedError(message, refusal),
};
