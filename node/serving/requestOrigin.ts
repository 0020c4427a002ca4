import type { Multiaddr } from "@multiformats/multiaddr";

/** Who sent a request: the peer id, and the address its connection comes from. */
export interface RequestOrigin {
  /** The peer id, as text. */
  peer: string;
  /** The connection's remote address. */
  remoteAddr: Multiaddr;
}
