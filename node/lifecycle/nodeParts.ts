import type { Announcer } from "../announce/announcer.js";
import type { Bootstrapper } from "../host/bootstrapper.js";
import type { NodeHost } from "../host/createNodeHost.js";
import type { NodeDatastore } from "../host/datastore.js";
import type { HandshakeQueue } from "../host/handshakeQueue.js";
import type { NodeIdentity } from "../keys/nodeKeyStore.js";
import type { ChainScope } from "../registration/chainScope.js";
import type { RegistrationMonitor } from "../registration/registrationMonitor.js";
import type { RegistryLink } from "../registration/registryLink.js";
import type { NodeServiceRuntime } from "../services/types.js";
import type { StatusServer } from "../status/statusServer.js";

/**
 * What a running node is made of, each part set as it starts, so that a start that fails or is
 * stopped half-way stops exactly what was started.
 */
export interface NodeParts {
  identity?: NodeIdentity | undefined;
  statusServer?: StatusServer | undefined;
  link?: RegistryLink | undefined;
  /** The chain id, scope and service key, once the chain id is known. */
  chain?: ChainScope | undefined;
  datastore?: NodeDatastore | undefined;
  host?: NodeHost | undefined;
  /** The host's inbound handshake queue (its figures are in `/status` and `/metrics`). */
  handshakes?: HandshakeQueue | undefined;
  /** The mounted services, by runtime key. */
  runtimes: Map<string, NodeServiceRuntime>;
  monitor?: RegistrationMonitor | undefined;
  /** Stops following the registry's events. */
  stopWatching?: (() => Promise<void>) | undefined;
  bootstrapper?: Bootstrapper | undefined;
  announcer?: Announcer | undefined;
}
