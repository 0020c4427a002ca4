import type { TypedDataSigner } from "../../kernel/identity/consent.js";
import type { CommandContext } from "../context.js";
import { withProgress } from "../output.js";
import { loadSigner } from "../signer.js";

/**
 * The user's key for signing records: the same sources as registry transactions (`--keystore`,
 * `WAYMARK_PRIVATE_KEY`, `WAYMARK_KEYSTORE`).
 *
 * @param context - Settings of the command.
 * @returns The signer of typed data, with its address.
 * @throws MissingSignerError when no key is configured.
 */
export async function recordSigner(context: CommandContext): Promise<TypedDataSigner> {
  const signer = await loadSigner(context.settings, "signing a record", (unlock) =>
    withProgress("Unlocking the keystore", context.quiet, unlock),
  );
  const address = await signer.getAddress();
  return { address, signTypedData: signer.signTypedData.bind(signer) };
}
