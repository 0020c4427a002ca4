import type { CoreActions } from "../../clients/decorators/core.js";
import { DASHBOARD_DEFAULTS } from "./options.js";

/** One candidate as the network view shows it. */
export interface NetworkCandidate {
  peerId: string;
  node: string | undefined;
  /** Where it was found: `dht`, `registry` (a bootstrap record), `custom`. */
  sources: string[];
  trusted: boolean;
  custom: boolean;
  /** `Trusted`, `Custom`, or why not. */
  verdict: string;
  providerId: string | undefined;
  /** Found, and not trusted by the registry: what a client would refuse. */
  rogue: boolean;
  /** Ping round trip, when it answered. */
  rttMs: number | undefined;
}

/** A node's `/status` document, as fetched (bounded), or why it could not be. */
export interface NodeStatusReport {
  url: string;
  ok: boolean;
  /** The parsed document, when it was JSON. */
  status: unknown;
  error: string | undefined;
  /** Round trip of the fetch. */
  ms: number;
}

/** What `/api/network` answers: what a client sees right now. */
export interface NetworkReport {
  /** When it was made (milliseconds since the epoch). */
  at: number;
  candidates: NetworkCandidate[];
  /** The server a client would use now, if any. */
  pick: { peerId: string; rttMs: number } | undefined;
  /** Why none could be picked, when none could. */
  pickError: string | undefined;
  statuses: NodeStatusReport[];
  /** Milliseconds the whole report took. */
  ms: number;
}

/** Parameters of {@link networkReport}. */
export interface NetworkReportParameters {
  /** A Waymark client (its discovery, verification, probing and selection). */
  client: Pick<CoreActions, "discover" | "verify" | "probe" | "select">;
  /** Status URLs of nodes (`http://host:port`), whose `/status` is fetched. */
  statusUrls: readonly string[];
}

/**
 * Discovers candidates, verifies them in one registry call, pings them and asks which one the
 * client would pick, then fetches the given nodes' `/status`, every step bounded in time.
 *
 * @param parameters - The client and the status URLs.
 * @returns The report.
 */
export async function networkReport(parameters: NetworkReportParameters): Promise<NetworkReport> {
  const started = performance.now();
  const { client } = parameters;
  const statuses = Promise.all(parameters.statusUrls.map(async (url) => fetchStatus(url)));
  const found = await client.discover();
  const verified = await client.verify(found);
  const probes = await client.probe(verified, { timeoutMs: DASHBOARD_DEFAULTS.probeTimeoutMs });
  const candidates = probes.map(({ candidate, ...probe }) => ({
    peerId: candidate.peerId,
    node: candidate.node,
    sources: [...candidate.sources],
    trusted: candidate.trusted,
    custom: candidate.custom,
    verdict: candidate.verdict,
    providerId: candidate.providerId?.toString(),
    rogue: !candidate.trusted && !candidate.custom,
    rttMs: probe.reachable ? probe.rttMs : undefined,
  }));
  let pick: NetworkReport["pick"];
  let pickError: string | undefined;
  try {
    const selection = await client.select({
      signal: AbortSignal.timeout(DASHBOARD_DEFAULTS.probeTimeoutMs * 2),
    });
    pick = { peerId: selection.server.peerId, rttMs: selection.rttMs };
  } catch (err) {
    pickError = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
  }
  return {
    at: Date.now(),
    candidates,
    pick,
    pickError,
    statuses: await statuses,
    ms: performance.now() - started,
  };
}

/**
 * Fetches a node's `/status`: a time limit, a size limit, JSON only.
 *
 * @param url - The node's status server, e.g. `http://127.0.0.1:9100`.
 * @returns The status, or why it could not be read.
 */
export async function fetchStatus(url: string): Promise<NodeStatusReport> {
  const started = performance.now();
  const report = (ok: boolean, status: unknown, error: string | undefined): NodeStatusReport => ({
    url,
    ok,
    status,
    error,
    ms: performance.now() - started,
  });
  try {
    const answer = await fetch(new URL("/status", url), {
      signal: AbortSignal.timeout(DASHBOARD_DEFAULTS.statusTimeoutMs),
      redirect: "error",
    });
    const text = await readLimited(answer, DASHBOARD_DEFAULTS.maxStatusBytes);
    if (text === undefined) return report(false, undefined, "status document too large");
    if (!answer.ok) return report(false, undefined, `HTTP ${answer.status}`);
    return report(true, JSON.parse(text), undefined);
  } catch (err) {
    return report(false, undefined, err instanceof Error ? err.message : String(err));
  }
}

async function readLimited(answer: Response, maxBytes: number): Promise<string | undefined> {
  const reader = (answer.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
