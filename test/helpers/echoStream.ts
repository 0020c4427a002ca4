import type { Libp2p, Stream } from "@libp2p/interface";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";

const ECHO = "/waymark-test/echo/1.0.0";

/**
 * Starts two Waymark hosts, the second echoing every message of an echo protocol, and opens a
 * stream of that protocol from the first to the second.
 *
 * @param hosts - Where the two hosts go (stopped by the caller after the test).
 * @returns The first host's stream.
 */
export async function openEchoStream(hosts: Libp2p[]): Promise<Stream> {
  const [a, b] = await Promise.all(
    Array.from({ length: 2 }, async () =>
      createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
    ),
  );
  hosts.push(a!, b!);
  await b!.handle(ECHO, (stream) => {
    stream.addEventListener("message", (event) => {
      stream.send(event.data);
    });
  });
  return a!.dialProtocol(b!.getMultiaddrs()[0]!, ECHO);
}

/**
 * Sends `bytes` on an echo stream and resolves once as many bytes came back.
 *
 * @param stream - A stream from {@link openEchoStream}.
 * @param bytes - What to send.
 */
export async function exchange(stream: Stream, bytes: Uint8Array): Promise<void> {
  await new Promise<void>((resolve) => {
    let received = 0;
    const onMessage = (event: { data: { byteLength: number } }): void => {
      received += event.data.byteLength;
      if (received < bytes.byteLength) return;
      stream.removeEventListener("message", onMessage);
      resolve();
    };
    stream.addEventListener("message", onMessage);
    stream.send(bytes);
  });
}
