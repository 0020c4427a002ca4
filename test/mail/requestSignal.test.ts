import { getEventListeners } from "node:events";

import { afterEach, describe, expect, it, vi } from "vitest";

import { requestSignal } from "../../node/serving/requestSignal.js";

describe("a request's abort signal", () => {
  it("aborts with a TimeoutError once its time limit passes, and says it timed out", async () => {
    const shutdown = new AbortController();
    const request = requestSignal(shutdown.signal, 20);
    expect(request.signal.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(request.signal.aborted).toBe(true);
    expect(request.timedOut).toBe(true);
    expect((request.signal.reason as Error).name).toBe("TimeoutError");
    request.dispose();
  });

  it("aborts with the shutdown's reason when the service stops first, not as a timeout", () => {
    const shutdown = new AbortController();
    const request = requestSignal(shutdown.signal, 60_000);
    const reason = new Error("stopping");
    shutdown.abort(reason);
    expect(request.signal.aborted).toBe(true);
    expect(request.signal.reason).toBe(reason);
    expect(request.timedOut).toBe(false);
    request.dispose();
  });

  it("is aborted at once when the service has already stopped", () => {
    const shutdown = new AbortController();
    shutdown.abort(new Error("stopped"));
    const request = requestSignal(shutdown.signal, 60_000);
    expect(request.signal.aborted).toBe(true);
    request.dispose();
  });

  it("once disposed, neither a later shutdown nor the time limit aborts it", async () => {
    const shutdown = new AbortController();
    const request = requestSignal(shutdown.signal, 20);
    request.dispose();
    shutdown.abort(new Error("stopping"));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(request.signal.aborted).toBe(false);
    expect(request.timedOut).toBe(false);
  });

  describe("started again for the answer", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("gets a full time limit from the restart, on the same signal", () => {
      vi.useFakeTimers();
      const shutdown = new AbortController();
      const request = requestSignal(shutdown.signal, 100);
      vi.advanceTimersByTime(80);
      expect(request.restart()).toBe(true);
      vi.advanceTimersByTime(80);
      expect(request.signal.aborted).toBe(false);
      vi.advanceTimersByTime(25);
      expect(request.signal.aborted).toBe(true);
      expect(request.timedOut).toBe(true);
      request.dispose();
    });

    it("is refused once the signal has timed out, and the signal stays aborted", () => {
      vi.useFakeTimers();
      const shutdown = new AbortController();
      const request = requestSignal(shutdown.signal, 100);
      vi.advanceTimersByTime(150);
      expect(request.restart()).toBe(false);
      expect(request.signal.aborted).toBe(true);
      request.dispose();
    });

    it("is refused after a shutdown, and once disposed (no timer comes back)", () => {
      vi.useFakeTimers();
      const stopping = new AbortController();
      const stopped = requestSignal(stopping.signal, 100);
      stopping.abort(new Error("stopping"));
      expect(stopped.restart()).toBe(false);
      stopped.dispose();

      const disposed = requestSignal(new AbortController().signal, 100);
      disposed.dispose();
      expect(disposed.restart()).toBe(false);
      vi.advanceTimersByTime(500);
      expect(disposed.signal.aborted).toBe(false);
    });
  });

  describe("with many requests in flight", () => {
    it("adds no listener per request to the shutdown signal (adding one scans all the others)", () => {
      const shutdown = new AbortController();
      const requests = Array.from({ length: 1_000 }, () => requestSignal(shutdown.signal, 60_000));
      expect(getEventListeners(shutdown.signal, "abort").length).toBe(1);
      for (const request of requests) request.dispose();
      expect(getEventListeners(shutdown.signal, "abort").length).toBe(1);
    });

    it("a shutdown aborts every request still in flight and none already done", () => {
      const shutdown = new AbortController();
      const requests = Array.from({ length: 100 }, () => requestSignal(shutdown.signal, 60_000));
      const done = requests.filter((_, index) => index % 3 === 0);
      for (const request of done) request.dispose();
      const reason = new Error("stopping");
      shutdown.abort(reason);
      for (const request of requests) {
        const wasDone = done.includes(request);
        expect(request.signal.aborted).toBe(!wasDone);
        if (!wasDone) expect(request.signal.reason).toBe(reason);
        request.dispose();
      }
    });

    it("requests under two shutdown signals are aborted by their own signal only", () => {
      const first = new AbortController();
      const second = new AbortController();
      const underFirst = requestSignal(first.signal, 60_000);
      const underSecond = requestSignal(second.signal, 60_000);
      first.abort(new Error("first stops"));
      expect(underFirst.signal.aborted).toBe(true);
      expect(underSecond.signal.aborted).toBe(false);
      underFirst.dispose();
      underSecond.dispose();
    });
  });
});
