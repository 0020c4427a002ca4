import { describe, expect, it } from "vitest";

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
});
