/** One candidate of `/api/network` (see the server's `NetworkReport`). */
export interface PageCandidate {
  peerId: string;
  node: string | undefined;
  sources: string[];
  trusted: boolean;
  custom: boolean;
  verdict: string;
  providerId: string | undefined;
  rogue: boolean;
  rttMs: number | undefined;
}

/** A node's `/status`, as the server fetched it. */
export interface PageNodeStatus {
  url: string;
  ok: boolean;
  status: unknown;
  error: string | undefined;
  ms: number;
}

/** What `/api/network` answers. */
export interface PageNetworkReport {
  at: number;
  candidates: PageCandidate[];
  pick: { peerId: string; rttMs: number } | undefined;
  pickError: string | undefined;
  statuses: PageNodeStatus[];
  ms: number;
}

/**
 * Asks the server what a client sees of the network right now.
 *
 * @returns The report, or undefined when the server's network view is off.
 * @throws Error when the server fails.
 */
export async function fetchNetworkReport(): Promise<PageNetworkReport | undefined> {
  const answer = await fetch(new URL("api/network", document.baseURI));
  if (answer.status === 404) return undefined;
  if (!answer.ok) throw new Error(`api/network: HTTP ${answer.status}`);
  return (await answer.json()) as PageNetworkReport;
}

/** The `/status` fields shown first: health, registration, store size, replication lag. */
const SUMMARY =
  /^(state|uptimeSeconds|registration\.(verdict|stale)|connections|dht\.routingTableSize|services\.[^.]+\.(messages|records|bytes|ready|replication\.lagMs|catchUp\.state))$/;

/**
 * The fields of a `/status` document a person looks at first.
 *
 * @param fields - From {@link statusFields}.
 * @returns Those fields, in document order.
 */
export function statusSummary(fields: readonly [string, string][]): [string, string][] {
  return fields.filter(([name]) => SUMMARY.test(name));
}

/** Fields of a `/status` document shown at most, and characters of each value. */
const MAX_FIELDS = 40;
const MAX_VALUE_CHARS = 160;

/**
 * A node's `/status` document as name and text pairs (nested objects flattened with dots),
 * bounded: the document comes from the node and is shown as text only.
 *
 * @param status - The parsed document.
 * @returns At most 40 pairs.
 */
export function statusFields(status: unknown): [string, string][] {
  const fields: [string, string][] = [];
  const walk = (value: unknown, path: string): void => {
    if (fields.length >= MAX_FIELDS) return;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path === "" ? key : `${path}.${key}`);
      return;
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    fields.push([path, text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text]);
  };
  walk(status, "");
  return fields;
}
