import type { ChildProcess } from "node:child_process";

import { generateKeyPair, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Multiaddr } from "@multiformats/multiaddr";
import { multiaddr } from "@multiformats/multiaddr";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { envelopeIdHex } from "../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../client/mail/protocol/queryHistory.js";
import type { MailLimitsInit } from "../../node/mail/index.js";
import { ROOT } from "../../scripts/kit/paths.js";
import type { PostgresServer } from "../../scripts/kit/postgres.js";
import { startPostgres } from "../../scripts/kit/postgres.js";
import { ChildProcessHandle } from "../../scripts/kit/process.js";
import { Harness, payloadOf } from "./helpers.js";

const FIXTURE = `${ROOT}dist/test/mail/fixtures/mailNode.js`;
const LIMITS = {
  maxStreamsPerPeer: 128,
  pushesPerSecond: 1_000_000,
  pushBurst: 1_000_000,
  bytesPerSecond: 1_000_000_000,
  bytesBurst: 1_000_000_000,
  queriesPerSecond: 1_000_000,
  queryBurst: 1_000_000,
};

/** Where the fixture keeps its store: its SQLite file, or a PostgreSQL schema. */
interface StoreChoice {
  limits: MailLimitsInit;
  env: Record<string, string>;
}

/** Starts the fixture mail server and waits for its addresses (its first line of output). */
async function startFixture(
  dir: string,
  key: string,
  store: StoreChoice,
): Promise<{ child: ChildProcess; addrs: Multiaddr[] }> {
  const fixture = ChildProcessHandle.spawn({
    name: "the mail fixture",
    args: [FIXTURE, JSON.stringify({ dir, key, limits: { ...LIMITS, ...store.limits } })],
    env: store.env,
  });
  const line = await fixture.waitForLine((line) => Array.isArray(line.addrs));
  return { child: fixture.child, addrs: (line.addrs as string[]).map((addr) => multiaddr(addr)) };
}

/** A 1 KiB payload that starts with `n`, so that every push is a distinct envelope. */
function numbered(n: number): Uint8Array {
  const payload = payloadOf(1_024);
  new DataView(payload.buffer).setUint32(0, n);
  return payload;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once("exit", resolve));
}

// The same crash on both backends: the SQLite file in the node's folder, and a PostgreSQL schema on
// a real server (its URL given the way an operator gives it, in WAYMARK_PG_URL).
describe.each(["sqlite", "postgres"] as const)("durability of acknowledged pushes: %s", (backend) => {
  const harness = new Harness();
  const children: ChildProcess[] = [];
  let server: PostgresServer | undefined;
  let store: StoreChoice = { limits: {}, env: {} };
  beforeAll(async () => {
    if (backend === "sqlite") return;
    server = await startPostgres();
    store = {
      limits: { store: "postgres", postgresSchema: "crash_mail" },
      env: { WAYMARK_PG_URL: server.url },
    };
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill("SIGKILL");
      await exited(child);
    }
    await harness.cleanup();
  });

  it("keeps every acknowledged envelope when the server is killed with SIGKILL mid-burst", async () => {
    const dir = await harness.tempDir();
    const key = bytesToHex(privateKeyToProtobuf(await generateKeyPair("secp256k1")));
    const first = await startFixture(dir, key, store);
    children.push(first.child);
    const client = await harness.client();

    const acked = new Set<string>();
    let failed = 0;
    let next = 0;
    const killed = Promise.withResolvers<undefined>();
    const pusher = async (): Promise<void> => {
      while (first.child.exitCode === null && first.child.signalCode === null) {
        const n = next++;
        try {
          const { id } = await pushEnvelope(
            client,
            first.addrs,
            { topic: "/burst", payload: numbered(n), timestamp: Date.now(), ttl: 3_600 },
            { timeoutMs: 5_000 },
          );
          acked.add(envelopeIdHex(id));
          if (acked.size === 400) {
            first.child.kill("SIGKILL");
            killed.resolve(undefined);
          }
        } catch {
          failed += 1;
          await killed.promise;
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, pusher));
    await exited(first.child);
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acked.size).toBeGreaterThanOrEqual(400);

    const second = await startFixture(dir, key, store);
    children.push(second.child);
    const stored = new Set<string>();
    for await (const page of queryHistoryPages(client, second.addrs, { topics: ["/burst"], pageSize: 100 })) {
      for (const envelope of page.envelopes) stored.add(envelopeIdHex(envelope.id));
    }
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    expect(stored.size).toBeLessThanOrEqual(acked.size + failed);
    console.log(
      `crash (${backend}): ${acked.size} pushes acknowledged before SIGKILL, ${failed} failed, ${stored.size} held after restart, ${lost.length} acknowledged lost`,
    );
  });
});
