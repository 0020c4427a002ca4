import type { Stream, StreamMessageEvent } from "@libp2p/interface";

import { pauseReading } from "./frameReader.js";
import { onShutdown } from "./requestSignal.js";

/**
 * Waits, between the requests of a stream that carries several, until the peer begins its next
 * one, leaving the bytes unread for `readFrame`. One serves every wait of a stream: its idle timer,
 * its place among the service's shutdown callbacks and its end-of-stream listeners are made once,
 * so that a wait, which lasts as long as the peer pauses (seconds), holds only a promise and the
 * stream's message listener, rather than an abort signal, a timer and four listeners of its own.
 */
export class NextRequest {
  private readonly stream: Stream;
  private readonly shutdown: AbortSignal;
  private readonly idle: NodeJS.Timeout;
  private readonly leaveShutdown: () => void;
  /** Settles the wait in progress, if one is. */
  private waiting: ((begun: boolean) => void) | undefined;

  /**
   * @param stream - The inbound stream.
   * @param shutdown - The service's shutdown signal: ends a wait, and answers every later one false.
   * @param idleTimeoutMs - Milliseconds each wait may last.
   */
  constructor(stream: Stream, shutdown: AbortSignal, idleTimeoutMs: number) {
    this.stream = stream;
    this.shutdown = shutdown;
    // Fired while no wait is in progress (a request served for longer than the idle limit), it
    // does nothing; the next wait starts it again.
    this.idle = setTimeout(this.onEnd, idleTimeoutMs);
    this.idle.unref();
    this.leaveShutdown = onShutdown(shutdown, this.onEnd);
    stream.addEventListener("remoteCloseWrite", this.onEnd);
    stream.addEventListener("close", this.onEnd);
  }

  /**
   * Waits for the next request.
   *
   * @returns True once bytes of the next request are waiting; false when the peer ended or reset
   * the stream, the idle limit passed or the service shut down, first.
   */
  async next(): Promise<boolean> {
    const { stream } = this;
    if (stream.readBufferLength > 0) return true;
    if (this.shutdown.aborted || stream.remoteWriteStatus === "closed" || stream.status !== "open")
      return false;
    this.idle.refresh();
    const done = Promise.withResolvers<boolean>();
    this.waiting = done.resolve;
    stream.addEventListener("message", this.onMessage);
    if (stream.readStatus === "paused") stream.resume();
    return done.promise;
  }

  /** Stops the idle timer and removes the listeners; a wait in progress ends with false. */
  dispose(): void {
    clearTimeout(this.idle);
    this.leaveShutdown();
    this.stream.removeEventListener("remoteCloseWrite", this.onEnd);
    this.stream.removeEventListener("close", this.onEnd);
    this.settle(false);
  }

  private settle(begun: boolean): void {
    const resolve = this.waiting;
    if (resolve === undefined) return;
    this.waiting = undefined;
    this.stream.removeEventListener("message", this.onMessage);
    resolve(begun);
  }

  private readonly onMessage = (event: StreamMessageEvent): void => {
    pauseReading(this.stream);
    this.stream.unshift(event.data);
    this.settle(true);
  };

  private readonly onEnd = (): void => {
    this.settle(false);
  };
}
