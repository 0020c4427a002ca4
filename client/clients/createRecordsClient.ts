import type { RecordsActions } from "../records/decorator.js";
import { recordsActions } from "../records/decorator.js";
import type { WaymarkClientOptions } from "../options/index.js";
import type { WaymarkClientContext } from "./createClient.js";
import { createClient } from "./createClient.js";
import type { CoreActions } from "./decorators/core.js";
import { coreActions } from "./decorators/core.js";

/** The registry service name of the records service, version 1. */
const RECORDS = "records/1";

/**
 * A Waymark client of `records/1` servers: discovers, verifies and selects them (its own pool,
 * under the same trust policy as any other client) and puts, gets, deletes and lists signed
 * records under `client.records`.
 */
export type WaymarkRecordsClient = WaymarkClientContext & CoreActions & RecordsActions;

/**
 * Creates a records client: the context of {@link createClient} for the `records/1` service,
 * extended with the core actions and the records actions.
 *
 * @param options - The client options; `service` is set to `records/1`. Pass another client's
 * `host` to share its libp2p host.
 * @returns The running client.
 * @example
 * ```ts
 * const records = await createRecordsClient({ rpcUrl, registry });
 * await records.records.put({ signer: wallet, name: "profile", value: "hello" });
 * ```
 */
export async function createRecordsClient(
  options: Omit<WaymarkClientOptions, "service">,
): Promise<WaymarkRecordsClient> {
  const client = await createClient({ ...options, service: RECORDS });
  return client.extend(coreActions).extend(recordsActions);
}
