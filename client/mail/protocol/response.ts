import { MailBadResponseError } from "./errors.js";
import { Response } from "./mail.generated.js";

/**
 * Decodes a response frame of the client protocol.
 *
 * @param frame - The frame bytes.
 * @returns The response.
 * @throws MailBadResponseError when the frame is not a valid response.
 */
export function decodeResponse(frame: Parameters<typeof Response.decode>[0]): Response {
  try {
    return Response.decode(frame);
  } catch (err) {
    throw new MailBadResponseError("The node answered an undecodable frame", { cause: err });
  }
}
