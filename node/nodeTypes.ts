import type { PrivateKey } from "@libp2p/interface";
import type { Logger } from "pino";

import type { Announcement } from "./announce/announcer.js";
import type { RegistrationState } from "./registration/registrationMonitor.js";
import type { NodeServiceModule } from "./services/types.js";
import type { NodeState } from "./status/nodeStatus.js";

/** Options of a `WaymarkNode` beside its configuration. */
export interface WaymarkNodeOptions {
  /** The service modules to mount (mail now, others later). @default [] */
  modules?: readonly NodeServiceModule[] | undefined;
  /** The logger. @default a logger built from `logLevel` and `logFormat` */
  logger?: Logger | undefined;
  /** Use this key instead of reading `keyFile`. */
  privateKey?: PrivateKey | undefined;
  /** Where the key's passphrase is looked up. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Events of a `WaymarkNode`, by type; each is a `CustomEvent` whose `detail` is the payload. */
export interface WaymarkNodeEvents {
  /** The node is up: host started, services mounted, registration checked when the chain answers. */
  "node:start": CustomEvent<undefined>;
  /** The node stopped: every part it started is closed. */
  "node:stop": CustomEvent<undefined>;
  /** The node moved to another state (`waiting-for-chain` while it cannot learn its chain id). */
  "node:state": CustomEvent<NodeState>;
  /** The service key was announced in the DHT. */
  "announce:success": CustomEvent<Announcement>;
  /** Announcing the service key failed; it is tried again. */
  "announce:failure": CustomEvent<Announcement>;
  /** The node's own registration was checked (answered or failed). */
  "registration:check": CustomEvent<RegistrationState>;
  /** The verdict on the node's own registration changed (including the first answer). */
  "registration:change": CustomEvent<RegistrationState>;
}
