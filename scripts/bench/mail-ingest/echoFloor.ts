import { fileURLToPath } from "node:url";

import type { PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";

import { Request } from "../../../client/mail/protocol/mail.generated.js";
import { roundTrip } from "../../../client/mail/protocol/roundTrip.js";
import { ChildProcessHandle } from "../../kit/process.js";
import { ROOT } from "../../kit/paths.js";
import { ECHO_PROTOCOL, ECHO_SESSION_PROTOCOL } from "./echoProtocol.js";
import type { LoadStep } from "./load.js";
import { uniquePayload } from "./load.js";

/** The echo server process of the network floor. */
export interface EchoServer {
  /** Its multiaddr, ending in `/p2p/<peer id>`. */
  readonly multiaddr: string;
  readonly peerId: PeerId;
  readonly pid: number;
  /** Stops it (SIGTERM, by pid). */
  stop(): Promise<void>;
}

/**
 * Starts `echoServer.ts` compiled in `dist/` (as the node runs from `dist/`) in its own process.
 *
 * @returns The running server.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const script = fileURLToPath(
    new URL("echoServer.js", new URL(`dist/scripts/bench/mail-ingest/`, `file://${ROOT}`)),
  );
  const handle = ChildProcessHandle.spawn({ name: "echo-server", args: [script], killOnExit: true });
  const match = await handle.waitForLine(/"multiaddr":"([^"]+)"/, 30_000);
  const multiaddr = match[1] ?? "";
  const peerId = peerIdFromString(multiaddr.slice(multiaddr.lastIndexOf("/p2p/") + 5));
  return {
    multiaddr,
    peerId,
    pid: handle.child.pid ?? 0,
    async stop() {
      await handle.stop();
    },
  };
}

/**
 * One echo round trip of a request frame the size of a 1 KiB push (the same bytes a push sends),
 * on a stream kept open between requests as a mail client keeps its `/waymark/mail/1.1.0` streams.
 *
 * @param server - The echo server's peer id.
 * @returns The step.
 */
export function echoStep(server: PeerId): LoadStep {
  return async (client, index) => {
    const request = Request.encode({
      push: {
        envelope: {
          topic: `/bench/ingest/${index}`,
          payload: uniquePayload(),
          timestamp: Date.now(),
          ttl: 0,
        },
      },
    });
    const { frame } = await roundTrip(client.connection, server, {
      protocols: [ECHO_SESSION_PROTOCOL, ECHO_PROTOCOL],
      sessionProtocols: [ECHO_SESSION_PROTOCOL],
      request,
    });
    if (frame.byteLength !== request.byteLength) throw new Error("the echo differs from the request");
    return { acknowledged: 1, refused: 0 };
  };
}
