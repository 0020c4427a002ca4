import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";

import { describe, expect, it } from "vitest";

import { createLogger } from "../../../node/logging/createLogger.js";

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe("createLogger", () => {
  it("writes one JSON object per event when no terminal is attached", () => {
    const { stream, text } = capture();
    const logger = createLogger({ format: "auto", isTTY: false, destination: stream });
    logger.info({ verdict: "Trusted" }, "registered");
    logger.debug("hidden below the default level");
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: "registered", verdict: "Trusted" });
  });

  it("writes readable lines on a terminal", () => {
    const { stream, text } = capture();
    const logger = createLogger({ level: "debug", format: "auto", isTTY: true, destination: stream });
    logger.debug({ peers: 4 }, "announced");
    const plain = stripVTControlCharacters(text());
    expect(plain).toMatch(/DEBUG.*announced/);
    expect(plain).toMatch(/peers: 4/);
    expect(() => JSON.parse(plain) as unknown).toThrow();
  });
});
