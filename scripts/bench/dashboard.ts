/**
 * `npm run bench:dashboard`: how fast the dashboard's page loads a large registry. A registry of
 * 1,000 providers and 5,000 nodes (`--quick`: 200 and 1,000) on a local chain, the dashboard served
 * in this process, headless Chromium opening the providers page: time to the first provider row
 * (first meaningful paint, beside the browser's own first contentful paint) and to the full list
 * with every provider's nodes and operators read, with the JSON-RPC requests (HTTP requests; a
 * batch is one) and calls the page made, counted at the dashboard's `/rpc` proxy. Where the time
 * goes: each request the proxy forwarded (methods, calls, the chain's time and the proxy's), and
 * the page's own `wm:` performance measures (each read, decoded, and each render of the list),
 * printed for the median load. Each load waits for the page to settle (verdicts and event history
 * read) before the next, so that no load's reads queue at the chain ahead of the next one's.
 * Writes `results/dashboard.json`.
 */

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import os from "node:os";

import type { Browser } from "playwright-core";

import { addProvider, setDefaultProvider } from "../../client/actions/registry/curation.js";
import type { RpcTiming } from "../../client/dashboard/server/rpcProxy.js";
import { startDashboardServer } from "../../client/dashboard/server/server.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { listProviders } from "../../client/kernel/registry/providers.js";
import { buildPage, launchBrowser } from "../kit/browser.js";
import { startChain } from "../kit/chain.js";
import { ROOT } from "../kit/paths.js";
import { registerNodeKey } from "../kit/registry.js";
import { ensureBuilt } from "./lib/build.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { benchMode } from "./lib/mode.js";
import { machineLine, writeResults } from "./lib/results.js";
import { formatMs, summarize } from "./lib/stats.js";
import { formatInteger, markdownTable } from "./lib/table.js";

const mode = benchMode();
const SETTINGS = {
  quick: { providers: 200, nodes: 1_000, loads: 3 },
  full: { providers: 1_000, nodes: 5_000, loads: 5 },
}[mode];
/** Milliseconds a load may take to read the verdicts and the event history after the list. */
const SETTLE_TIMEOUT_MS = 180_000;
/** Every tenth provider is a default one. */
const DEFAULT_EVERY = 10;

/** One page load's figures. */
interface LoadFigures {
  firstContentfulPaintMs: number;
  firstRpcAnswerMs: number;
  firstProviderRowMs: number;
  fullListMs: number;
  requestsAtFirstRow: number;
  requestsAtFullList: number;
  callsAtFullList: number;
  /** Until the verdicts and the event history are read too. */
  settledMs: number;
  /** Every request the proxy forwarded until the page settled, from the page's opening. */
  rpc: RpcTiming[];
  /** The page's `wm:` measures: name, start and duration, in the page's clock. */
  marks: { name: string; startMs: number; durationMs: number }[];
}

await ensureBuilt();
await buildPage();

// The chain in its own process, as a person runs it: it does not share this process's event loop
// with the dashboard server and the browser driver.
const chain = await startChain({ mode: "process", killOnExit: true });
try {
  const world = await deployBenchRegistry(chain);
  const setupStarted = performance.now();
  await populate(
    world.curator,
    chain.signers.slice(1).map((signer) => signer.address),
  );
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  console.log(
    `Registry: ${formatInteger(SETTINGS.providers)} providers, ${formatInteger(SETTINGS.nodes)} nodes (set up in ${setupSeconds.toFixed(0)} s)`,
  );

  // What the chain alone takes to answer the first read of the page (every provider, in pages),
  // from Node.js without the browser or the proxy: the floor under the first provider row.
  const listStarted = performance.now();
  await listProviders(world.curator);
  const chainListMs = performance.now() - listStarted;
  console.log(
    `The chain answers the provider pages in ${formatMs(chainListMs)} ms (from Node.js, no browser)`,
  );

  const loadAverageBefore = os.loadavg();
  const loads: LoadFigures[] = [];
  const browser = await launchBrowser();
  try {
    for (let load = 0; load < SETTINGS.loads; load += 1) {
      const server = await startDashboardServer({
        rpcUrl: chain.rpcUrl,
        registry: world.address,
        chainId: world.chainId,
        port: 0,
        assetsDir: `${ROOT}dist/dashboard-web/`,
      });
      try {
        const figures = await measureLoad(browser, server.url, {
          counts: () => ({ ...server.rpcCounts }),
          timings: () => [...server.rpcTimings],
        });
        loads.push(figures);
        console.log(
          `Load ${load + 1}: first row ${formatMs(figures.firstProviderRowMs)} ms, full list ${formatMs(figures.fullListMs)} ms, settled ${formatMs(figures.settledMs)} ms`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }

  const loadAverageAfter = os.loadavg();
  const figure = (pick: (load: LoadFigures) => number) => summarize(loads.map(pick)).p50;
  const report = {
    providers: SETTINGS.providers,
    nodes: SETTINGS.nodes,
    loads: SETTINGS.loads,
    chainListProvidersMs: chainListMs,
    medianMs: {
      firstContentfulPaint: figure((l) => l.firstContentfulPaintMs),
      firstProviderRow: figure((l) => l.firstProviderRowMs),
      fullList: figure((l) => l.fullListMs),
      settled: figure((l) => l.settledMs),
    },
    loadAverage: { before: loadAverageBefore, after: loadAverageAfter },
    rpc: {
      requestsAtFirstRow: figure((l) => l.requestsAtFirstRow),
      requestsAtFullList: figure((l) => l.requestsAtFullList),
      callsAtFullList: figure((l) => l.callsAtFullList),
    },
    samples: loads,
  };
  console.log(
    `\nPage load of the providers list, median of ${SETTINGS.loads} loads (a fresh page and server each):\n`,
  );
  console.log(
    markdownTable(
      [
        { header: "providers" },
        { header: "nodes" },
        { header: "first contentful paint (ms)" },
        { header: "first provider row (ms)" },
        { header: "full list (ms)" },
        { header: "RPC requests (calls)" },
      ].map((column) => ({ ...column, align: "right" as const })),
      [
        [
          formatInteger(SETTINGS.providers),
          formatInteger(SETTINGS.nodes),
          formatMs(report.medianMs.firstContentfulPaint),
          formatMs(report.medianMs.firstProviderRow),
          formatMs(report.medianMs.fullList),
          `${report.rpc.requestsAtFullList} (${formatInteger(report.rpc.callsAtFullList)})`,
        ],
      ],
    ),
  );
  const median = [...loads].sort((a, b) => a.firstProviderRowMs - b.firstProviderRowMs)[
    Math.floor(loads.length / 2)
  ];
  if (median !== undefined) printTimeline(median);
  console.log(`\n${machineLine()}`);
  console.log(
    `Load average (1, 5, 15 min): ${loadAverageBefore.map((l) => l.toFixed(2)).join(", ")} before the loads, ${loadAverageAfter.map((l) => l.toFixed(2)).join(", ")} after`,
  );
  console.log(`Results: ${await writeResults("dashboard", mode, report)}`);
} finally {
  await chain.close();
}

/**
 * Admits the providers (owned in turn by the funded accounts, every tenth a default one) and
 * registers the nodes spread evenly over them: each owner sends its own nodes' transactions, the
 * owners in parallel.
 */
async function populate(curator: RegistryClient, owners: readonly string[]): Promise<void> {
  const ownerOf = (index: number): string => owners[index % owners.length] ?? "";
  for (let index = 0; index < SETTINGS.providers; index += 1) {
    const { providerId } = await addProvider(curator, {
      owner: ownerOf(index),
      name: `Provider ${index + 1}`,
      metadataURI: `https://provider-${index + 1}.example/waymark.json`,
    });
    if (index % DEFAULT_EVERY === 0) await setDefaultProvider(curator, providerId, true);
  }
  const keys: PrivateKey[] = await Promise.all(
    Array.from({ length: SETTINGS.nodes }, async () => generateKeyPair("secp256k1")),
  );
  await Promise.all(
    owners.map(async (owner, ownerIndex) => {
      const client = await connectRegistry({
        provider: curator.provider,
        address: curator.address,
        signer: chain.signers[ownerIndex + 1],
        skipCheck: true,
      });
      for (const [node, key] of keys.entries()) {
        const providerIndex = node % SETTINGS.providers;
        if (ownerOf(providerIndex) !== owner) continue;
        await registerNodeKey(client, key, { providerId: BigInt(providerIndex + 1) });
      }
    }),
  );
}

/** Opens the providers page in a fresh page and times it. */
async function measureLoad(
  browser: Browser,
  url: string,
  proxy: { counts: () => { requests: number; calls: number }; timings: () => RpcTiming[] },
): Promise<LoadFigures> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  try {
    const started = performance.now();
    await page.goto(`${url}#/providers`);
    await page.locator("[data-testid=providers] tbody tr").first().waitFor({ timeout: 120_000 });
    const firstProviderRowMs = performance.now() - started;
    const atFirstRow = proxy.counts();
    await page
      .locator(`[data-testid=providers][data-complete=true] tbody tr:nth-child(${SETTINGS.providers})`)
      .waitFor({ timeout: 300_000 });
    const fullListMs = performance.now() - started;
    const atFullList = proxy.counts();
    // Polled from here: the page's Content-Security-Policy refuses Playwright's waitForFunction.
    // A page that does not settle (its banner tells why) is timed as NaN, its other figures kept.
    let settledMs = NaN;
    while (performance.now() - started < SETTLE_TIMEOUT_MS) {
      if (await page.evaluate<boolean>("performance.getEntriesByName('wm:events').length > 0")) {
        settledMs = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const firstContentfulPaintMs = await page.evaluate<number>(
      "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN",
    );
    // When the page had the answer to its first read (the providers' first page), by the
    // browser's resource timing.
    const firstRpcAnswerMs = await page.evaluate<number>(
      "performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/rpc'))?.responseEnd ?? NaN",
    );
    const marks = await page.evaluate<LoadFigures["marks"]>(
      "performance.getEntriesByType('measure').filter((m) => m.name.startsWith('wm:')).map((m) => ({ name: m.name.slice(3), startMs: m.startTime, durationMs: m.duration }))",
    );
    return {
      firstContentfulPaintMs,
      firstRpcAnswerMs,
      firstProviderRowMs,
      fullListMs,
      requestsAtFirstRow: atFirstRow.requests,
      requestsAtFullList: atFullList.requests,
      callsAtFullList: atFullList.calls,
      settledMs,
      rpc: proxy.timings().map((timing) => ({ ...timing, startedAt: timing.startedAt - started })),
      marks,
    };
  } finally {
    await page.close();
  }
}

/**
 * Prints where one load's time went: each request at the proxy (when it arrived, from the page's
 * opening; the chain's time; the proxy's own), then the page's measures (in the page's clock,
 * which starts a little after the page's opening).
 */
function printTimeline(load: LoadFigures): void {
  console.log(
    `\nWhere the time went (the median load: first row ${formatMs(load.firstProviderRowMs)} ms, full list ${formatMs(load.fullListMs)} ms, settled ${formatMs(load.settledMs)} ms):`,
  );
  console.log("  /rpc requests: arrival ms, calls, chain ms, proxy's own ms, methods");
  for (const timing of load.rpc) {
    console.log(
      `    ${formatMs(timing.startedAt).padStart(7)} ${String(timing.calls).padStart(4)} ${formatMs(timing.upstreamMs).padStart(7)} ${formatMs(timing.totalMs - timing.upstreamMs).padStart(5)}  ${timing.methods}${timing.status === 200 ? "" : ` (HTTP ${timing.status})`}`,
    );
  }
  console.log("  page measures: start ms, duration ms, step");
  for (const mark of load.marks) {
    console.log(
      `    ${formatMs(mark.startMs).padStart(7)} ${formatMs(mark.durationMs).padStart(7)}  ${mark.name}`,
    );
  }
}
