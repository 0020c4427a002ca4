import { yamux } from "@chainsafe/libp2p-yamux";
import { StreamState, YamuxStream } from "@chainsafe/libp2p-yamux/stream";

import { YAMUX_SETTINGS } from "./constants.js";

/** The fields of a Yamux stream the window-update rule reads (private in its type). */
interface StreamWindow {
  state: StreamState;
  recvWindow: number;
  recvWindowCapacity: number;
}

let windowRuleApplied = false;

/**
 * Makes every Yamux stream of the process send a window update only once half its receive window
 * has been read, as hashicorp's yamux (the protocol's reference) and rust-yamux do: js-yamux sends
 * one after every data frame it reads, however small, and each is a frame of its own, encrypted and
 * written to the socket on its own. A node answering a 1 KiB request sent one update and one answer
 * (a profile of a node holding 7,500 sessions: 10% of its CPU in those updates). The sender always
 * keeps at least half a window of credit, so it is never held back by this.
 *
 * Only streams past their opening handshake are concerned (an update that carries the SYN or ACK
 * flag goes out as before), and js-yamux keeps deciding the size of the window. The rule applies
 * to the class js-yamux exports (`@chainsafe/libp2p-yamux/stream`), once per process.
 */
function sendWindowUpdatesAtHalfWindow(): void {
  if (windowRuleApplied) return;
  windowRuleApplied = true;
  const prototype = YamuxStream.prototype as unknown as { sendWindowUpdate: (this: StreamWindow) => void };
  const sendWindowUpdate = prototype.sendWindowUpdate;
  prototype.sendWindowUpdate = function (this: StreamWindow): void {
    const read = this.recvWindow - this.recvWindowCapacity;
    if (this.state === StreamState.Established && read < this.recvWindow / 2) return;
    sendWindowUpdate.call(this);
  };
}

/**
 * The stream muxer of every Waymark host: Yamux with {@link YAMUX_SETTINGS}, whose streams send a
 * window update once half their window is read (see `sendWindowUpdatesAtHalfWindow`).
 *
 * @returns The muxer factory, for libp2p's `streamMuxers`.
 */
export function waymarkYamux(): ReturnType<typeof yamux> {
  sendWindowUpdatesAtHalfWindow();
  return yamux(YAMUX_SETTINGS);
}
