import type { Connection, Libp2p } from "@libp2p/interface";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { MAIL_ERROR_CODES } from "../../../client/mail/protocol/constants.js";
import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistory, queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { MAIL_SERVICE_DEFAULTS } from "../../../node/mail/constants.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { Fleet } from "../helpers/fleet.js";
import type { FrameKind } from "../helpers/frames.js";
import { FrameFactory } from "../helpers/frames.js";
import type { MemorySample } from "../helpers/inspector.js";
import { InspectorProbe, mb } from "../helpers/inspector.js";
import type { RawOutcome } from "../helpers/rawStream.js";
import { sendRaw } from "../helpers/rawStream.js";

/** Frames the fuzzer sends after its warm-up (one request stream each; set WAYMARK_FUZZ_SEED to replay a run). */
const FRAMES = 100_000;
/** Fuzzing peers (each its own identity and connection) and streams each keeps open at once. */
const PEERS = 4;
const STREAMS_PER_PEER = 24;
/** Limits of the node under fuzz: generous rates, so that frames reach the decoder and handlers. */
const FUZZ_LIMITS = {
  maxStreamsPerPeer: 256,
  pushesPerSecond: 1_000_000,
  pushBurst: 1_000_000,
  bytesPerSecond: 1_000_000_000,
  bytesBurst: 1_000_000_000,
  queriesPerSecond: 1_000_000,
  queryBurst: 1_000_000,
  requestTimeoutMs: 2_000,
};
const KNOWN_CODES = new Set<number>(Object.values(MAIL_ERROR_CODES));

describe("fuzzing the mail protocol", () => {
  let chain: Chain;
  let registry: string;
  let fleet: Fleet;
  const hosts: Libp2p[] = [];
  let probe: InspectorProbe | undefined;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployRegistry(chain);
  });
  afterEach(async () => {
    probe?.close();
    probe = undefined;
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await fleet.cleanup();
  });
  afterAll(async () => {
    await chain.close();
  });

  it("answers 100,000 random, truncated, oversized and mutated frames with typed errors or closes, serves a well-behaved client throughout, and returns to its memory baseline", async () => {
    fleet = new Fleet(chain.rpcUrl, registry);
    const home = await fleet.prepare({ mail: FUZZ_LIMITS });
    const server = await fleet.start(home, {
      // The inspector lets the test force a collection and read the node's memory; DEBUG makes the
      // mail service print the errors it answers as INTERNAL, and libp2p the connections it drops.
      env: {
        NODE_OPTIONS: "--inspect=127.0.0.1:0",
        DEBUG: "waymark:mail:error,libp2p:connection-monitor:error",
      },
    });
    probe = await InspectorProbe.attach(server.process);

    const seed = Number(process.env.WAYMARK_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const { maxPayloadBytes, maxTopicBytes, maxTopicsPerQuery, frameOverheadBytes } = MAIL_SERVICE_DEFAULTS;
    const frames = new FrameFactory(seed, {
      maxFrameBytes: maxPayloadBytes + maxTopicBytes + frameOverheadBytes,
      maxPayloadBytes,
      maxTopicBytes,
      maxTopicsPerQuery,
    });
    // Each fuzzing peer is a host with one connection to the node. libp2p's keep-alive may drop a
    // connection whose pings time out while the machine is saturated; the peer then dials again,
    // as any peer would, and the drops are counted and printed.
    const peers: { host: Libp2p; connection: Connection }[] = [];
    for (let i = 0; i < PEERS; i++) {
      const host = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
      hosts.push(host);
      peers.push({ host, connection: await host.dial(server.addrs) });
    }
    const sent = new Map<FrameKind, number>();
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    const drops = new Map<string, string>();
    let total = 0;
    const fuzz = async (count: number): Promise<void> => {
      let issued = 0;
      const worker = async (peer: (typeof peers)[number]): Promise<void> => {
        while (issued < count) {
          issued += 1;
          const frame = frames.next();
          sent.set(frame.kind, (sent.get(frame.kind) ?? 0) + 1);
          const options = { closeWrite: frame.closeWrite, timeoutMs: 30_000 };
          let outcome = await sendRaw(peer.connection, frame.bytes, options);
          if (outcome.kind === "refused" && peer.connection.status !== "open") {
            drops.set(peer.connection.id, outcome.error);
            // The dial joins one already under way, or returns the connection another worker made.
            peer.connection = await peer.host.dial(server.addrs);
            outcome = await sendRaw(peer.connection, frame.bytes, options);
          }
          total += 1;
          const label = outcomeLabel(outcome);
          outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
          if (!acceptable(outcome) && failures.length < 20) failures.push(`${frame.kind} -> ${label}`);
        }
      };
      await Promise.all(
        peers.flatMap((peer) => Array.from({ length: STREAMS_PER_PEER }, async () => worker(peer))),
      );
    };

    // Warm up (code paths compiled, buffers allocated), then take the baseline.
    await fuzz(2_000);
    const baseline = await probe.collectAndMeasure();

    // A well-behaved client pushes and queries throughout; every request must succeed.
    const good = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    hosts.push(good);
    const acknowledged: string[] = [];
    const goodFailures: string[] = [];
    let goodRequests = 0;
    const fuzzing = new AbortController();
    const wellBehaved = (async () => {
      for (let n = 0; !fuzzing.signal.aborted; n++) {
        try {
          const envelope = createEnvelope({
            topic: "/good",
            payload: new TextEncoder().encode(`message ${n}`),
          });
          await pushEnvelope(good, server.addrs, envelope, { timeoutMs: 30_000 });
          acknowledged.push(envelopeIdHex(envelope.id));
          await queryHistory(
            good,
            server.addrs,
            { topics: ["/good"], pageSize: 5, direction: "backward" },
            { timeoutMs: 30_000 },
          );
          goodRequests += 2;
        } catch (err) {
          goodFailures.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    let peak: MemorySample = baseline;
    const sampler = setInterval(() => {
      void probe
        ?.measure()
        .then((sample) => {
          if (sample.rss > peak.rss) peak = { ...sample, heapUsed: Math.max(sample.heapUsed, peak.heapUsed) };
          else if (sample.heapUsed > peak.heapUsed) peak = { ...peak, heapUsed: sample.heapUsed };
        })
        .catch(() => undefined);
    }, 1_000);
    const started = Date.now();
    try {
      await fuzz(FRAMES);
    } finally {
      clearInterval(sampler);
      fuzzing.abort();
      await wellBehaved;
    }
    const seconds = (Date.now() - started) / 1_000;

    // The node is alive and still serves; then its memory after a full collection.
    expect(server.process.child.exitCode).toBeNull();
    expect(server.process.child.signalCode).toBeNull();
    const stored = new Set<string>();
    for await (const page of queryHistoryPages(good, server.addrs, { topics: ["/good"], pageSize: 100 })) {
      for (const envelope of page.envelopes) stored.add(envelopeIdHex(envelope.id));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await probe.collectAndMeasure();
    const after = await probe.collectAndMeasure();

    console.log(
      [
        `fuzz: seed ${seed}; ${total} streams (${FRAMES} measured + 2000 warm-up) in ${seconds.toFixed(1)} s` +
          ` (${(FRAMES / seconds).toFixed(0)}/s), plus ${frames.extraFrames} trailing frames on the same streams;` +
          ` ${drops.size} dropped connections dialled again${drops.size === 0 ? "" : ` (${[...new Set(drops.values())].join("; ")})`}`,
        `fuzz: frames by kind ${JSON.stringify(Object.fromEntries(sent))}`,
        `fuzz: outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
        `fuzz: well-behaved client ${goodRequests} requests, ${goodFailures.length} failed; ${acknowledged.length} acknowledged pushes, ${stored.size} in history`,
        `fuzz: node memory MB  baseline rss ${mb(baseline.rss)} heap ${mb(baseline.heapUsed)}` +
          `  peak rss ${mb(peak.rss)} heap ${mb(peak.heapUsed)}  after rss ${mb(after.rss)} heap ${mb(after.heapUsed)}`,
      ].join("\n"),
    );

    // What the node logged of errors that are not protocol errors, should any test below fail.
    const nodeErrors = server.process.stderr.slice(0, 4_000);
    expect(failures, nodeErrors).toEqual([]);
    expect(outcomes.get("garbage") ?? 0).toBe(0);
    expect(outcomes.get("timeout") ?? 0).toBe(0);
    expect(outcomes.get(`error:${MAIL_ERROR_CODES.INTERNAL}`) ?? 0, nodeErrors).toBe(0);
    expect(goodFailures, nodeErrors).toEqual([]);
    expect(goodRequests).toBeGreaterThan(0);
    expect(acknowledged.every((id) => stored.has(id))).toBe(true);
    // Memory back near the baseline after a full collection: the heap within 16 MiB, the resident
    // set within 128 MiB (the allocator keeps some pages it grew into).
    expect(after.heapUsed).toBeLessThan(baseline.heapUsed + 16 * 1_048_576);
    expect(after.rss).toBeLessThan(baseline.rss + 128 * 1_048_576);
  }, 300_000);

  it("stores an empty payload, and a peer's pushes never fail another's that share their commit", async () => {
    // Found by the fuzzer: an empty payload, as decoded from the wire, was bound as SQL NULL, so
    // its insert failed, and with it every push committed in the same transaction.
    fleet = new Fleet(chain.rpcUrl, registry);
    const server = await fleet.start(await fleet.prepare({ mail: FUZZ_LIMITS }));
    const [empty, other] = [
      await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
      await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS }),
    ];
    hosts.push(empty, other);
    await empty.dial(server.addrs);
    await other.dial(server.addrs);
    const now = Date.now();
    const pushes = Array.from({ length: 50 }, async (_, i) => {
      const envelope = createEnvelope({
        topic: "/shared",
        payload: new Uint8Array(i % 2 === 0 ? 0 : 8).fill(i),
        timestamp: now - i,
      });
      const ack = await pushEnvelope(i % 2 === 0 ? empty : other, server.addrs, envelope);
      return envelopeIdHex(ack.id);
    });
    const acked = await Promise.all(pushes);
    const page = await queryHistory(other, server.addrs, { topics: ["/shared"], pageSize: 100 });
    expect(page.envelopes.map((envelope) => envelopeIdHex(envelope.id)).sort()).toEqual([...acked].sort());
    expect(page.envelopes.filter((envelope) => envelope.payload.byteLength === 0)).toHaveLength(25);
  });
});

function outcomeLabel(outcome: RawOutcome): string {
  return outcome.kind === "error" ? `error:${outcome.code}` : outcome.kind;
}

/** A protocol error code the node may answer with: known, and not INTERNAL. */
function typedError(code: number): boolean {
  return KNOWN_CODES.has(code) && code !== MAIL_ERROR_CODES.INTERNAL;
}

/** A typed error answer, a success, or a closed stream; never garbage, silence or a refusal. */
function acceptable(outcome: RawOutcome): boolean {
  if (outcome.kind === "error") return typedError(outcome.code);
  if (outcome.kind === "pushMany") return outcome.codes.every(typedError);
  return (
    outcome.kind === "push" ||
    outcome.kind === "query" ||
    outcome.kind === "audit" ||
    outcome.kind === "closed"
  );
}
