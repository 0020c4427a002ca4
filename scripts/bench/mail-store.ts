/**
 * Mail store micro-benchmark, on every backend in the same run (SQLite on its own thread, as a node
 * runs it; SQLite on the calling thread; PostgreSQL on a throwaway local server): acknowledged
 * pushes per second of 1 KiB envelopes straight into the store with group commits and with one
 * commit per envelope, the caller's longest event-loop stall meanwhile, and the latency of a
 * 100-envelope history page on 100,000 stored envelopes (`--full`; the quick default uses smaller
 * counts); then, on SQLite on its own threads, the latency of the newest page of a topic while
 * producers keep pushing, with the store's reads on their own thread (as a node runs it) and with
 * them on the commit thread, queued behind its transactions.
 *
 * Run: `npm run bench:mail-store [-- --full]`. Writes `scripts/bench/results/mail-store.json`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import os from "node:os";
import { performance } from "node:perf_hooks";

import { createEnvelope } from "../../client/mail/protocol/envelope.js";
import { PostgresMailStore } from "../../node/mail/store/postgres/postgresMailStore.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { ThreadedSqliteMailStore } from "../../node/mail/store/sqlite/threadedSqliteMailStore.js";
import type { MailStore, StoredEnvelope, StoreQuery } from "../../node/mail/store/types.js";
import type { PostgresServer } from "../kit/postgres.js";
import { startPostgres } from "../kit/postgres.js";
import { machineContext } from "./lib/context.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { benchMode } from "./lib/mode.js";
import { formatInteger, markdownTable } from "./lib/table.js";

const PAYLOAD_BYTES = 1_024;
const CONCURRENCY = 256;
const MODE = benchMode();
const FULL = MODE === "full";
const QUERY_STORE_SIZE = FULL ? 100_000 : 20_000;
const TOPICS = 100;
const PAGE = 100;
const QUERIES = FULL ? 2_000 : 300;
const GROUP_PUSHES = FULL ? 20_000 : 5_000;
const SINGLE_PUSHES = FULL ? 2_000 : 500;
/** How long pages are read while producers push, for each placement of the reads. */
const LOADED_WINDOW_MS = FULL ? 20_000 : 5_000;

/** `sqlite`: on its own thread (what a node runs); `sqlite-inline`: on the calling thread. */
type Backend = "sqlite" | "sqlite-inline" | "postgres";
const NOW = Date.now();
const DAY_MS = 86_400_000;

interface PushFigure {
  backend: Backend;
  mode: string;
  synchronous: "full" | "normal";
  envelopes: number;
  seconds: number;
  perSecond: number;
  /**
   * The caller's longest event-loop stall meanwhile (what a node's sockets would wait): the
   * longest gap between two runs of a 1 ms timer, or between the last one and the end.
   */
  stallMs: number;
}

/** Pages read one after another while CONCURRENCY producers push (SQLite, durable commits). */
interface LoadedPageFigure {
  /** Where the store's reads ran: their own thread with a read-only connection, or the commit thread. */
  reads: "read thread" | "commit thread";
  pages: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Pushes acknowledged per second meanwhile. */
  pushesPerSecond: number;
}

interface QueryFigure {
  backend: Backend;
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

let server: PostgresServer | undefined;
let schemas = 0;

async function withStore<T>(
  backend: Backend,
  init: { groupCommit?: boolean; synchronous?: "full" | "normal"; readThread?: boolean },
  work: (store: MailStore) => Promise<T>,
): Promise<T> {
  if (backend === "postgres") {
    server ??= await startPostgres();
    const store = await PostgresMailStore.open({
      url: server.url,
      schema: `bench_${(schemas += 1)}`,
      groupCommit: init.groupCommit,
    });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }
  const dir = await mkdtemp(join(tmpdir(), "waymark-bench-"));
  const path = join(dir, "mail.sqlite");
  const store =
    backend === "sqlite"
      ? await ThreadedSqliteMailStore.open({ path, ...init })
      : new SqliteMailStore({ path, ...init });
  try {
    return await work(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * CONCURRENCY producers each put one envelope at a time and wait for its acknowledgement; the
 * caller's longest event-loop stall is recorded meanwhile.
 */
async function pushAll(
  store: MailStore,
  envelopes: readonly StoredEnvelope[],
): Promise<{ seconds: number; stallMs: number }> {
  let next = 0;
  const start = performance.now();
  let lastTick = start;
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - lastTick);
    lastTick = now;
  }, 1);
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
  const end = performance.now();
  clearInterval(timer);
  return { seconds: (end - start) / 1000, stallMs: Math.max(stallMs, end - lastTick) };
}

async function measurePushes(
  backend: Backend,
  mode: string,
  groupCommit: boolean,
  synchronous: "full" | "normal",
  count: number,
): Promise<PushFigure> {
  const envelopes = makeEnvelopes(count, TOPICS, DAY_MS);
  const run = await withStore(backend, { groupCommit, synchronous }, async (store) =>
    pushAll(store, envelopes),
  );
  return { backend, mode, synchronous, envelopes: count, ...run, perSecond: count / run.seconds };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A first page of every topic, oldest first: what each measured query changes. */
const FIRST_PAGE: StoreQuery = {
  topics: [],
  from: 0,
  to: Number.MAX_SAFE_INTEGER,
  after: undefined,
  direction: "forward",
  limit: PAGE,
  maxBytes: 4_194_304,
  now: NOW,
};

/** Puts the envelopes in groups of 5,000, as a prefill. */
async function fill(store: MailStore, envelopes: readonly StoredEnvelope[]): Promise<void> {
  for (let i = 0; i < envelopes.length; i += 5_000) await store.put(envelopes.slice(i, i + 5_000));
}

async function measureQueries(backend: Backend): Promise<QueryFigure[]> {
  const envelopes = makeEnvelopes(QUERY_STORE_SIZE, TOPICS, DAY_MS);
  return withStore(backend, { synchronous: "normal" }, async (store) => {
    await fill(store, envelopes);
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
        const query: StoreQuery = { ...FIRST_PAGE, ...shape.make(i), direction };
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
        backend,
        query: shape.name,
        samples: times.length,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
      });
    }
    return figures;
  });
}

/**
 * The newest page of one topic, read one after another for LOADED_WINDOW_MS on a prefilled SQLite
 * store on its own threads, while CONCURRENCY producers push fresh envelopes (each waiting for its
 * durable commit), with the store's reads on their own thread or on the commit thread.
 */
async function measurePagesUnderPushes(readThread: boolean): Promise<LoadedPageFigure> {
  return withStore("sqlite", { synchronous: "full", readThread }, async (store) => {
    await fill(store, makeEnvelopes(QUERY_STORE_SIZE, TOPICS, DAY_MS));
    let pushing = true;
    let pushed = 0;
    const producers = Array.from({ length: CONCURRENCY }, async (_, producer) => {
      for (let n = producer; pushing; n += CONCURRENCY) {
        const payload = new Uint8Array(PAYLOAD_BYTES);
        new DataView(payload.buffer).setUint32(0, n);
        const envelope = createEnvelope({
          topic: `/bench/${n % TOPICS}`,
          payload,
          timestamp: NOW + n,
          ttl: 0,
        });
        const [outcome] = await store.put([{ ...envelope, expiresAt: NOW + DAY_MS * 30 }]);
        if (outcome !== "stored") throw new Error(`envelope not stored: ${outcome}`);
        pushed += 1;
      }
    });
    const times: number[] = [];
    const started = performance.now();
    const pushedBefore = pushed;
    for (let i = 0; performance.now() - started < LOADED_WINDOW_MS; i++) {
      const query: StoreQuery = { ...FIRST_PAGE, topics: [`/bench/${i % TOPICS}`], direction: "backward" };
      const asked = performance.now();
      const page = await store.query(query);
      times.push(performance.now() - asked);
      if (page.envelopes.length !== PAGE) throw new Error(`short page: ${page.envelopes.length}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const pushesPerSecond = (pushed - pushedBefore) / seconds;
    pushing = false;
    await Promise.all(producers);
    times.sort((a, b) => a - b);
    return {
      reads: readThread ? "read thread" : "commit thread",
      pages: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: times.at(-1) ?? Number.NaN,
      pushesPerSecond,
    };
  });
}

const BACKENDS: readonly Backend[] = ["sqlite", "sqlite-inline", "postgres"];
const PUSH_MODES = [
  { mode: "group commit (batching on)", group: true, synchronous: "full", count: GROUP_PUSHES },
  { mode: "one commit per envelope", group: false, synchronous: "full", count: SINGLE_PUSHES },
  { mode: "group commit (batching on)", group: true, synchronous: "normal", count: GROUP_PUSHES },
] as const;
const pushes: PushFigure[] = [];
const queries: QueryFigure[] = [];
const loadedPages: LoadedPageFigure[] = [];
const machineBefore = sampleMachine();
try {
  for (const backend of BACKENDS) {
    for (const push of PUSH_MODES) {
      // PostgreSQL has no `synchronous` of its own here: its commit always waits for the WAL flush.
      if (backend === "postgres" && push.synchronous === "normal") continue;
      pushes.push(await measurePushes(backend, push.mode, push.group, push.synchronous, push.count));
    }
    queries.push(...(await measureQueries(backend)));
  }
  // Commit thread first, then the read thread, then both again: the machine's drift shows.
  for (const readThread of [false, true, false, true])
    loadedPages.push(await measurePagesUnderPushes(readThread));
} finally {
  await server?.stop();
}
const load = { ...machineLoad(machineBefore, sampleMachine()), loadAverage1m: os.loadavg()[0] ?? 0 };
const machine = machineContext();
const byBackend = <F extends { backend: Backend }>(
  figures: readonly F[],
  backend: Backend,
  match: (f: F) => boolean,
) => figures.find((figure) => figure.backend === backend && match(figure));

console.log(
  `\nMail store (${MODE}): ${PAYLOAD_BYTES}-byte payloads, ${CONCURRENCY} concurrent producers; SQLite (node:sqlite, WAL) on its own thread as a node runs it, and on the calling thread; PostgreSQL (local server, synchronous_commit on). "Stall": the producers' longest event-loop stall (no timer ran), what a node's sockets would wait.\n`,
);
console.log(
  markdownTable(
    [
      { header: "Commit mode" },
      { header: "Envelopes", align: "right" },
      { header: "SQLite pushes/s", align: "right" },
      { header: "stall ms", align: "right" },
      { header: "SQLite same-thread pushes/s", align: "right" },
      { header: "stall ms", align: "right" },
      { header: "PostgreSQL pushes/s", align: "right" },
      { header: "stall ms", align: "right" },
    ],
    PUSH_MODES.map((push) => {
      const match = (figure: PushFigure): boolean =>
        figure.mode === push.mode && figure.synchronous === push.synchronous;
      const postgres = push.synchronous === "full" ? byBackend(pushes, "postgres", match) : undefined;
      const cells = (figure: PushFigure | undefined): string[] =>
        figure === undefined
          ? ["–", "–"]
          : [formatInteger(Math.round(figure.perSecond)), figure.stallMs.toFixed(1)];
      return [
        `${push.mode}, ${push.synchronous === "full" ? "durable at commit" : "SQLite synchronous NORMAL"}`,
        formatInteger(push.count),
        ...cells(byBackend(pushes, "sqlite", match)),
        ...cells(byBackend(pushes, "sqlite-inline", match)),
        ...cells(postgres),
      ];
    }),
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
      { header: "SQLite p50 ms", align: "right" },
      { header: "SQLite p99 ms", align: "right" },
      { header: "same-thread p50 ms", align: "right" },
      { header: "same-thread p99 ms", align: "right" },
      { header: "PostgreSQL p50 ms", align: "right" },
      { header: "PostgreSQL p99 ms", align: "right" },
    ],
    queries
      .filter((figure) => figure.backend === "sqlite")
      .map((figure) => {
        const postgres = byBackend(queries, "postgres", (other) => other.query === figure.query);
        const inline = byBackend(queries, "sqlite-inline", (other) => other.query === figure.query);
        return [
          figure.query,
          formatInteger(figure.samples),
          figure.p50Ms.toFixed(3),
          figure.p99Ms.toFixed(3),
          inline?.p50Ms.toFixed(3) ?? "–",
          inline?.p99Ms.toFixed(3) ?? "–",
          postgres?.p50Ms.toFixed(3) ?? "–",
          postgres?.p99Ms.toFixed(3) ?? "–",
        ];
      }),
  ),
);
console.log(
  `\nNewest ${PAGE}-envelope page of a topic on ${formatInteger(QUERY_STORE_SIZE)} stored, read one after another for ${LOADED_WINDOW_MS / 1000} s while ${CONCURRENCY} producers push (SQLite on its own threads, durable group commits), in the order run\n`,
);
console.log(
  markdownTable(
    [
      { header: "Reads on" },
      { header: "Pages", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
      { header: "max ms", align: "right" },
      { header: "Pushes/s meanwhile", align: "right" },
    ],
    loadedPages.map((figure) => [
      figure.reads,
      formatInteger(figure.pages),
      figure.p50Ms.toFixed(2),
      figure.p99Ms.toFixed(2),
      figure.maxMs.toFixed(1),
      formatInteger(Math.round(figure.pushesPerSecond)),
    ]),
  ),
);
console.log(
  `\nMachine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node.js ${machine.node}`,
);
console.log(
  `Machine load during the run: ${load.busyCores.toFixed(2)} of ${machine.cores} cores busy (all processes; ${load.stealCores.toFixed(2)} stolen), load average ${load.loadAverage1m.toFixed(2)} at the end`,
);

const results = new URL("results/", import.meta.url);
await mkdir(results, { recursive: true });
await writeFile(
  new URL("mail-store.json", results),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      mode: MODE,
      machine,
      load,
      settings: {
        payloadBytes: PAYLOAD_BYTES,
        concurrency: CONCURRENCY,
        storeSize: QUERY_STORE_SIZE,
        topics: TOPICS,
        page: PAGE,
      },
      pushes,
      queries,
      loadedPages,
    },
    null,
    2,
  )}\n`,
);
