import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import type { Logger } from "pino";

import { nodeAddressFromPeerId } from "../../client/kernel/identity/nodeAddress.js";
import type { NodeConfig } from "../config/types.js";
import type { NodeIdentity } from "./nodeKeyStore.js";
import { readNodeKey } from "./nodeKeyStore.js";

/** Options of {@link loadNodeIdentity}. */
export interface LoadNodeIdentityOptions {
  /** Use this key instead of reading the key file. */
  privateKey?: PrivateKey | undefined;
  /** Where the passphrase variable is looked up. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Where a key file readable by others is reported. */
  logger: Logger;
}

/**
 * The node's identity: the given key, or the key file of the configuration (decrypted with the
 * passphrase in `keyPassphraseEnv` when it is encrypted).
 *
 * @param config - The node configuration.
 * @param options - A key to use instead, the environment and the logger.
 * @returns The identity.
 * @throws KeyFileNotFoundError, InvalidKeyFileError or KeyPassphraseError when the file cannot be used.
 */
export async function loadNodeIdentity(
  config: NodeConfig,
  options: LoadNodeIdentityOptions,
): Promise<NodeIdentity> {
  if (options.privateKey !== undefined) {
    const peerId = peerIdFromPrivateKey(options.privateKey);
    return { privateKey: options.privateKey, peerId, nodeAddress: nodeAddressFromPeerId(peerId) };
  }
  const env = options.env ?? process.env;
  const key = await readNodeKey(config.keyFile, {
    passphrase: env[config.keyPassphraseEnv],
    passphraseEnv: config.keyPassphraseEnv,
  });
  if (key.readableByOthers) {
    options.logger.warn({ keyFile: config.keyFile }, "the node key is readable by other users: chmod 600 it");
  }
  return { privateKey: key.privateKey, peerId: key.peerId, nodeAddress: key.nodeAddress };
}
