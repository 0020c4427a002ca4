import { createRecordsClient } from "../../clients/createRecordsClient.js";
import { publishMailKey } from "../../clients/mailKeyRecord.js";
import type { ClientFlags, CommandContext } from "../context.js";
import { userClient } from "../context.js";
import { withProgress } from "../output.js";
import { recordSigner } from "./recordSigner.js";

/** What publishing a mail key stored. */
export interface PublishedMailKey {
  /** The address the key is published under. */
  address: string;
  /** The record's sequence. */
  sequence: number;
  /** The records server that committed it. */
  server: string;
}

/**
 * Publishes a mail public key as the `mail/key` record of the user's address (signed with the
 * user's key: `--keystore`, `WAYMARK_PRIVATE_KEY`, …) on a verified records server.
 *
 * @param context - Settings of the command.
 * @param publicKey - The 33-byte mail public key.
 * @param flags - Trust and discovery flags for finding records servers.
 * @returns Where it was published.
 */
export async function publishUserMailKey(
  context: CommandContext,
  publicKey: Uint8Array,
  flags: ClientFlags = {},
): Promise<PublishedMailKey> {
  const signer = await recordSigner(context);
  const client = await userClient(context, { ...flags, service: "records/1" }, createRecordsClient);
  try {
    const { record, server } = await withProgress("Publishing the mail key", context.quiet, () =>
      publishMailKey(client, { signer, publicKey }),
    );
    return { address: record.owner, sequence: record.sequence, server: server.peerId };
  } finally {
    await client.stop();
  }
}
