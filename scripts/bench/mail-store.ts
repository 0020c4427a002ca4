/**
 * Mail store micro-benchmark: acknowledged pushes per second of 1 KiB envelopes straight into the
 * SQLite store with group commits and with one commit per envelope, and the latency of a
 * 100-envelope history page on 100,000 stored envelopes.
 *
 * Run: `npx tsx scripts/bench/mail-store.ts`. Writes `scripts/bench/results/mail-store.json`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import type { StoredEnvelope, StoreQuery } from "../../node/mail/store/types.js";
import { machineContext } from "./lib/context.js";
import { formatInteger, markdownTable } from "./lib/table.js";

const PAYLOAD_BYTES = 1_024;
const CONCURRENCY = 256;
const QUERY_STORE_SIZE = 100_000;
const TOPICS = 100;
const PAGE = 100;
const QUERIES = 2_000;
const NOW = Date.now();
const DAY_MS = 86_400_000;

interface PushFigure {
  mode: string;
  synchronous: "full" | "normal";
  envelopes: number;
  seconds: number;
  perSecond: number;
}

interface QueryFigure {
  query: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/** Envelopes with distinct payloads, ids computed before any timing. */
function makeEnvelopes(count: number, topics: number, spanMs: number): StoredEnvelope[] {
  return Array.from({ length: count }, (_, i) => {
    const payload = new Uint8Array(PAYLOAD_BYTES);
    new DataView(payload.buffer).setUint32(0, i);
    const timestamp = NOW - spanMs + Math.floor((i * spanMs) / count);
    const envelope = createEnvelope({ topic: `/bench/${i % topics}`, payload, timestamp, ttl: 0 });
    return { ...envelope, expiresAt: NOW + DAY_MS * 30 };
  });
}

async function withStore<T>(
  init: ConstructorParameters<typeof SqliteMailStore>[0],
  work: (store: SqliteMailStore) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "waymark-bench-"));
  const store = new SqliteMailStore({ path: join(dir, "mail.sqlite"), ...init });
  try {
    return await work(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** CONCURRENCY producers each put one envelope at a time and wait for its acknowledgement. */
async function pushAll(store: SqliteMailStore, envelopes: readonly StoredEnvelope[]): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < envelopes.length) {
        const envelope = envelopes[next++];
        if (envelope === undefined) break;
        const [outcome] = await store.put([envelope]);
        if (outcome !== "stored") throw new Error(`envelope not stored: ${outcome}`);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

async function measurePushes(
  mode: string,
  groupCommit: boolean,
  synchronous: "full" | "normal",
  count: number,
): Promise<PushFigure> {
  const envelopes = makeEnvelopes(count, TOPICS, DAY_MS);
  const seconds = await withStore({ groupCommit, synchronous }, async (store) => pushAll(store, envelopes));
  return { mode, synchronous, envelopes: count, seconds, perSecond: count / seconds };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measureQueries(): Promise<QueryFigure[]> {
  const envelopes = makeEnvelopes(QUERY_STORE_SIZE, TOPICS, DAY_MS);
  return withStore({ synchronous: "normal" }, async (store) => {
    for (let i = 0; i < envelopes.length; i += 5_000) await store.put(envelopes.slice(i, i + 5_000));
    const base: StoreQuery = {
      topics: [],
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      after: undefined,
      direction: "forward",
      limit: PAGE,
      maxBytes: 4_194_304,
      now: NOW,
    };
    const shapes: { name: string; make: (i: number) => Partial<StoreQuery> }[] = [
      { name: "one topic, first page", make: (i) => ({ topics: [`/bench/${i % TOPICS}`] }) },
      {
        name: "five topics, first page",
        make: (i) => ({ topics: [0, 1, 2, 3, 4].map((t) => `/bench/${(i + t * 7) % TOPICS}`) }),
      },
      { name: "all topics, first page", make: () => ({}) },
    ];
    const figures: QueryFigure[] = [];
    for (const shape of shapes) {
      const times: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const direction = i % 2 === 0 ? "forward" : "backward";
        const query: StoreQuery = { ...base, ...shape.make(i), direction };
        const started = performance.now();
        const first = await store.query(query);
        times.push(performance.now() - started);
        if (first.envelopes.length !== PAGE) throw new Error(`short page: ${first.envelopes.length}`);
        // The next page, from the cursor: the same cost a client paging through history pays.
        const again = performance.now();
        await store.query({ ...query, after: first.next });
        times.push(performance.now() - again);
      }
      times.sort((a, b) => a - b);
      figures.push({
        query: shape.name,
        samples: times.length,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
      });
    }
    return figures;
  });
}

const pushes = [
  await measurePushes("group commit (batching on)", true, "full", 20_000),
  await measurePushes("one commit per envelope", false, "full", 2_000),
  await measurePushes("group commit (batching on)", true, "normal", 20_000),
];
const queries = await measureQueries();
const machine = machineContext();

console.log(
  `\nMail store: ${PAYLOAD_BYTES}-byte payloads, ${CONCURRENCY} concurrent producers, node:sqlite WAL\n`,
);
console.log(
  markdownTable(
    [
      { header: "Commit mode" },
      { header: "synchronous" },
      { header: "Envelopes", align: "right" },
      { header: "Seconds", align: "right" },
      { header: "Acknowledged pushes/s", align: "right" },
    ],
    pushes.map((figure) => [
      figure.mode,
      figure.synchronous.toUpperCase(),
      formatInteger(figure.envelopes),
      figure.seconds.toFixed(2),
      formatInteger(Math.round(figure.perSecond)),
    ]),
  ),
);
console.log(
  `\nHistory page of ${PAGE} envelopes on ${formatInteger(QUERY_STORE_SIZE)} stored (${TOPICS} topics), store.query latency\n`,
);
console.log(
  markdownTable(
    [
      { header: "Query" },
      { header: "Samples", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
    ],
    queries.map((figure) => [
      figure.query,
      formatInteger(figure.samples),
      figure.p50Ms.toFixed(3),
      figure.p99Ms.toFixed(3),
    ]),
  ),
);
console.log(
  `\nMachine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node.js ${machine.node}`,
);

const results = new URL("results/", import.meta.url);
await mkdir(results, { recursive: true });
await writeFile(
  new URL("mail-store.json", results),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      settings: {
        payloadBytes: PAYLOAD_BYTES,
        concurrency: CONCURRENCY,
        storeSize: QUERY_STORE_SIZE,
        topics: TOPICS,
        page: PAGE,
      },
      pushes,
      queries,
    },
    null,
    2,
  )}\n`,
);
