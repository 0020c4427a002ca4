import { createConnection } from "node:net";
import { Writable } from "node:stream";

import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { afterEach, describe, expect, it } from "vitest";

import type { LogLevel } from "../../../node/config/types.js";
import { WaymarkNode } from "../../../node/daemon.js";
import { createLogger } from "../../../node/logging/createLogger.js";
import { libp2pLogger } from "../../../node/logging/libp2pLogger.js";
import type { LogLine } from "../helpers/fixtures.js";
import { LEVEL, newNodeKey, TempDirs, testNodeConfig } from "../helpers/fixtures.js";

/** Any address: the chain never answers, and the node starts on its configured chain id. */
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
/** A loopback port nothing listens on (the discard port). */
const CLOSED_RPC = "http://127.0.0.1:9/";
/** Raw characters a terminal acts on or hides. */
const RAW_CONTROL = /[\p{Cc}\p{Cf}]/u;

/** The node's real logger (JSON, sanitising hooks), writing into memory. */
function jsonLogger(level: LogLevel): {
  logger: ReturnType<typeof createLogger>;
  raw: string[];
  lines: () => LogLine[];
} {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(
        ...chunk
          .toString()
          .split("\n")
          .filter((line) => line !== ""),
      );
      done();
    },
  });
  const logger = createLogger({ level, format: "json", destination });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}

const fromLibp2p = (line: LogLine): boolean =>
  typeof line.component === "string" && line.component.startsWith("libp2p");

describe("libp2p's log in the node's log", () => {
  const dirs = new TempDirs();
  const nodes: WaymarkNode[] = [];

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map(async (node) => node.stop()));
    await dirs.cleanup();
  });

  async function startLogged(level: LogLevel): Promise<{ node: WaymarkNode; lines: () => LogLine[] }> {
    const { logger, lines } = jsonLogger(level);
    const config = testNodeConfig(REGISTRY, CLOSED_RPC, await dirs.make(), {
      chainId: 31337n,
      logLevel: level,
    });
    const node = new WaymarkNode(config, { privateKey: await newNodeKey(), logger });
    nodes.push(node);
    await node.start();
    return { node, lines };
  }

  it("shows a failed dial as a warning, and no libp2p debug line, at level info", async () => {
    const { node, lines } = await startLogged("info");
    const stranger = peerIdFromPrivateKey(await newNodeKey());
    await expect(
      node.libp2p.dial(multiaddr(`/ip4/127.0.0.1/tcp/9/p2p/${stranger.toString()}`)),
    ).rejects.toThrow();

    const dialWarnings = lines().filter((line) => fromLibp2p(line) && line.msg.startsWith("dial failed to"));
    console.log(
      `libp2p at info: ${dialWarnings.length} dial warning(s), e.g. ${JSON.stringify(dialWarnings[0])}; ` +
        `${lines().filter(fromLibp2p).length} libp2p line(s) in all`,
    );
    expect(dialWarnings.length).toBeGreaterThan(0);
    expect(dialWarnings[0]!.level).toBe(LEVEL.warn);
    expect(dialWarnings[0]!.component).toMatch(/^libp2p:/);
    expect(dialWarnings[0]!.msg).toContain("/ip4/127.0.0.1/tcp/9");
    expect(lines().filter((line) => line.level < LEVEL.info)).toEqual([]);
  });

  it("shows a malformed inbound connection as a warning naming its address", async () => {
    const { node, lines } = await startLogged("info");
    const port = Number(/\/tcp\/(\d+)/.exec(node.libp2p.getMultiaddrs()[0]!.toString())![1]);
    const socket = createConnection({ host: "127.0.0.1", port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve).once("error", reject);
    });
    const localPort = socket.localPort;
    socket.end("\x1b]0;owned\x07 not a multistream header\n");
    await new Promise<void>((resolve) =>
      socket.once("close", () => {
        resolve();
      }),
    );
    await expect
      .poll(() => lines().filter((line) => fromLibp2p(line) && line.msg.includes("inbound")).length)
      .toBeGreaterThan(0);

    const upgrade = lines().find((line) => fromLibp2p(line) && line.msg.includes("inbound"))!;
    expect(upgrade).toMatchObject({ level: LEVEL.warn });
    expect(upgrade.msg).toContain(`/ip4/127.0.0.1/tcp/${localPort}`);
  });

  it("shows libp2p's debug lines when the node logs at debug", async () => {
    const { lines } = await startLogged("debug");
    const debug = lines().filter((line) => fromLibp2p(line) && line.level === LEVEL.debug);
    expect(debug.length).toBeGreaterThan(0);
  });
});

describe("libp2pLogger", () => {
  it("escapes control and format characters from peers and cuts URLs to their host", () => {
    const { logger, raw, lines } = jsonLogger("info");
    const log = libp2pLogger(logger).forComponent("libp2p:test");
    log.error(
      "peer %p sent %s - %e",
      "12D3KooW",
      "\x1b[2J\u202eevil",
      new Error("see http://u:SECRET@rpc.example/KEY"),
    );

    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toMatch(RAW_CONTROL);
    expect(raw[0]).not.toContain("SECRET");
    expect(raw[0]).not.toContain("KEY");
    expect(lines()[0]).toMatchObject({
      level: LEVEL.warn,
      component: "libp2p:test",
      msg: "peer 12D3KooW sent \\x1b[2J\\u202eevil - see http://rpc.example",
    });
  });

  it("writes a bounded number of lines per interval and counts the rest", () => {
    const { logger, lines } = jsonLogger("info");
    let now = 0;
    const log = libp2pLogger(logger, {
      maxLines: 5,
      maxRepeats: 5,
      intervalMs: 1_000,
      now: () => now,
    }).forComponent("libp2p:flood");
    for (let i = 0; i < 1_000; i++) log.error("stream %d failed", i);
    now = 1_000;
    log.error("after the flood");

    expect(lines().map((line) => line.msg)).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `stream ${i} failed`),
      "libp2p log lines left out over the limit",
      "after the flood",
    ]);
    expect(lines()[5]).toMatchObject({ level: LEVEL.warn, dropped: 995 });
  });

  it("lets a few lines of each log call through, so one noisy call does not hide the others", () => {
    const { logger, lines } = jsonLogger("info");
    const log = libp2pLogger(logger, { maxLines: 100, maxRepeats: 2 });
    const streams = log.forComponent("libp2p:stream");
    for (let i = 0; i < 50; i++) streams.error("stream %d closed while reading", i);
    log.forComponent("libp2p:dial-queue").error("dial failed to %s", "/ip4/127.0.0.1/tcp/9");

    expect(lines().map((line) => line.msg)).toEqual([
      "stream 0 closed while reading",
      "stream 1 closed while reading",
      "dial failed to /ip4/127.0.0.1/tcp/9",
    ]);
  });

  it("is disabled below debug and cuts long messages", () => {
    const { logger, lines } = jsonLogger("info");
    const log = libp2pLogger(logger, { maxMessageLength: 20 }).forComponent("libp2p:quiet");
    log("hidden %s", "debug");
    log.trace("hidden trace");
    log.newScope("inner").error("x".repeat(100));

    expect(log.enabled).toBe(false);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ component: "libp2p:quiet:inner", msg: `${"x".repeat(20)}…(80 more)` });
  });
});
