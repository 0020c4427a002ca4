import { mailActions } from "../mail/decorator.js";
import type { MailActions } from "../mail/decorator.js";
import type { WaymarkClientOptions } from "../options/index.js";
import type { WaymarkClientContext } from "./createClient.js";
import { createClient } from "./createClient.js";
import type { CoreActions } from "./decorators/core.js";
import { coreActions } from "./decorators/core.js";
import type { SiblingRecordsActions } from "./decorators/siblingRecords.js";
import { siblingRecordsActions } from "./decorators/siblingRecords.js";

/**
 * A Waymark client: discovers servers of one service, verifies them against the registry under the
 * user's trust policy, selects one (random among the fastest verified), fails over, and drops
 * revoked servers at once; sends and reads mail (to a public key, or to an address through its
 * published `mail/key` record); puts and reads signed records under `client.records` (a
 * `records/1` client beside it). Emits the typed events of `WaymarkClientEvents`.
 *
 * Make one with {@link createWaymarkClient}; stop it with `client.stop()`.
 */
export type WaymarkClient = WaymarkClientContext & CoreActions & MailActions & SiblingRecordsActions;

/**
 * Creates a Waymark client with every action: the context of {@link createClient}, extended with
 * the core actions and the mail actions. Nothing is discovered until the first `discover()`,
 * `select()` or request.
 *
 * @param options - RPC URL, registry address, service, trust policy, custom servers and tuning;
 * every optional field is documented with its default on {@link WaymarkClientOptions}.
 * @returns The running client.
 * @throws RpcUnreachableError when the chain RPC does not answer (and no custom server is given).
 * @throws RegistryNotFoundError when no registry is deployed at the address (likewise).
 * @throws RegistryRevertError `RegistryUnknownProvider` when a trusted provider does not exist (likewise).
 * @example
 * ```ts
 * const client = await createWaymarkClient({ rpcUrl, registry, trust: { providers: [2n] } });
 * client.addEventListener("server:revoked", (e) => console.warn("dropped", e.detail.server.peerId));
 * const { server } = await client.select();
 * await client.stop();
 * ```
 */
export async function createWaymarkClient(options: WaymarkClientOptions): Promise<WaymarkClient> {
  const client = await createClient(options);
  // The records actions come first: mail's `send` looks addresses up through them.
  return client.extend(coreActions).extend(siblingRecordsActions(options)).extend(mailActions);
}
