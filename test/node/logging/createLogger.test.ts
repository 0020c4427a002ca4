import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";

import { describe, expect, it } from "vitest";

import { RpcUnreachableError } from "../../../client/kernel/errors/registry.js";
import { createLogger } from "../../../node/logging/createLogger.js";
import { errorFields } from "../../../node/logging/errorFields.js";

/** Raw characters a terminal acts on or hides: controls (C0, DEL, C1) and format characters. */
const RAW_CONTROL = /[\p{Cc}\p{Cf}]/u;
/** The output with the line feeds between lines taken out. */
const joined = (text: string): string => text.replaceAll("\n", "");
/** A bootstrap address as a provider may publish it, and a message as a remote peer may send it. */
const HOSTILE = "/dns4/a\x1b]0;owned\x07\u009b2J\u202e.example/tcp/1/p2p/x";
const URL = "http://user:SECRET1@127.0.0.1:8545/v3/SECRET2?apikey=SECRET3";

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

  it("escapes untrusted text in JSON lines, which still parse to the same record", () => {
    const { stream, text } = capture();
    const logger = createLogger({ format: "json", destination: stream });
    logger.warn(
      { multiaddr: HOSTILE, err: new Error(`Protocol ${HOSTILE} was unknown`) },
      `ignoring ${HOSTILE}`,
    );
    expect(joined(text())).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text())).toMatchObject({ multiaddr: HOSTILE, msg: `ignoring ${HOSTILE}` });
  });

  it("shows untrusted text as visible escapes in pretty lines, the message and stack included", () => {
    const { stream, text } = capture();
    const logger = createLogger({ format: "pretty", isTTY: false, destination: stream });
    logger.warn(
      { multiaddr: HOSTILE, err: new Error(`Protocol ${HOSTILE} was unknown`) },
      `ignoring ${HOSTILE}\rFAKE`,
    );
    expect(joined(text())).not.toMatch(RAW_CONTROL);
    expect(text()).toContain(
      String.raw`ignoring /dns4/a\x1b]0;owned\x07\x9b2J\u202e.example/tcp/1/p2p/x\rFAKE`,
    );
    expect(text()).toContain(String.raw`Error: Protocol /dns4/a\x1b]0;owned`);
    expect(text()).toMatch(/\n\s+at /);
  });

  it("logs no RPC URL secret from an error, its cause, or its reason", () => {
    const cause = Object.assign(new Error(`server response 500 (info={ "requestUrl": "${URL}" })`), {
      code: "SERVER_ERROR",
    });
    const { stream, text } = capture();
    const logger = createLogger({ format: "json", destination: stream });
    logger.error({ err: new Error(`request to ${URL} failed`, { cause }) }, "plain error");
    logger.error({ err: new RpcUnreachableError(URL, { cause }) }, "waymark error");
    logger.warn(errorFields(new RpcUnreachableError(URL, { cause })), "as fields");
    expect(text()).not.toMatch(/SECRET/);
    const lines = text()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(String((lines[0]?.err as { message?: unknown }).message)).toContain("http://127.0.0.1:8545");
    expect(lines[2]?.error).toBe("RpcUnreachableError");
    expect(lines[2]?.reason).toContain("http://127.0.0.1:8545");
  });
});
