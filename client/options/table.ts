import { defineOptions } from "../kernel/options/optionTable.js";
import { boolean, number, rule, stringList } from "../kernel/options/rules.js";
import { MAIL_SERVICE, serviceId } from "../kernel/service/serviceId.js";
import { parseServerAddress } from "../discovery/candidate.js";
import { JOIN_GRACE_MS, ROUTING_WAIT_MS } from "../discovery/constants.js";
import { PROBE_STAGGER_MS } from "../selection/constants.js";

const POSITIVE = number({ above: 0 });

/** Server multiaddrs, each parsed (an `InvalidMultiaddrError` names one that is not). */
const SERVER_ADDRESSES = stringList("multiaddrs ending in /p2p/<peer id>", (address) => {
  parseServerAddress(address);
  return undefined;
});

/**
 * The client's discovery, verification and selection options, in resolution order: the one source
 * of their defaults, validation, the `ClientTuningInit` TSDoc (tuning.generated.ts) and the client
 * table of docs/configuration.md (both written by `npm run docs`). The first paragraph of each doc
 * is what the table shows.
 */
export const CLIENT_OPTIONS = defineOptions({
  service: {
    default: MAIL_SERVICE,
    rule: rule<string>("string", "registry service name", (value) => {
      if (typeof value !== "string") return "must be a service name such as mail/1";
      serviceId(value);
      return undefined;
    }),
    doc: "Registry service name to discover.",
  },
  customServers: {
    default: [],
    rule: SERVER_ADDRESSES,
    doc:
      "The user's own servers, as multiaddrs ending in `/p2p/<peer id>`; never checked against the registry.\n\n" +
      "With any, the client needs no chain to start: it connects to the registry in the background (retrying " +
      "while the RPC does not answer) and uses these meanwhile.",
  },
  preferCustomServers: {
    default: true,
    rule: boolean(),
    doc: "Select among reachable custom servers before any registry node.",
  },
  bootstrap: {
    default: [],
    rule: SERVER_ADDRESSES,
    doc:
      "Extra DHT entry points (multiaddrs ending in `/p2p/<peer id>`), besides the registry's bootstrap " +
      "records; they are dialled first, with the records of trusted providers' nodes.",
  },
  registryBootstrap: {
    default: true,
    rule: boolean(),
    doc: "Join the DHT through the registry's bootstrap records and use them as fallback candidates.",
  },
  maxBootstrapRecords: {
    default: 256,
    rule: POSITIVE,
    doc:
      "Bootstrap records of the registry a client uses at most (those of explicitly trusted providers first).\n\n" +
      "Every active provider may publish records, so this bounds the work one of them can cause; each record " +
      "is also read for at most 4 addresses of 256 bytes, the registry's limits.",
  },
  bootstrapDials: {
    default: 4,
    rule: POSITIVE,
    doc:
      "How many DHT entry points to dial at once (chosen at random) when joining the DHT.\n\n" +
      "First among the `bootstrap` peers and the records of trusted providers' nodes, and only when none of " +
      "those answers among the records of registered nodes whose provider the policy does not trust.",
  },
  joinGraceMs: {
    default: JOIN_GRACE_MS,
    rule: number({ min: 0, max: 10_000 }),
    doc:
      "Once one DHT entry point of a wave of `bootstrapDials` answered, how much longer the others of the " +
      "wave are waited for, in milliseconds.\n\n" +
      "Long enough for dials on one network to complete together, so the search starts from several entry " +
      "points; short, so an entry point cut off by a partition does not hold the search until its dial times " +
      "out (its dial goes on in the background). 0 goes on at the first answer.",
  },
  routingWaitMs: {
    default: ROUTING_WAIT_MS,
    rule: number({ min: 0, max: 10_000 }),
    doc:
      "After joining the DHT, how long discovery waits for every connected DHT peer to be in the routing table " +
      "before it searches, in milliseconds.\n\n" +
      "identify names a peer's protocols one round trip after the connection; a search that starts before " +
      "then begins from fewer entry points. Whatever this is, the search waits until at least one peer is in " +
      "the table (or `discoveryTimeoutMs` runs out).",
  },
  discoveryTimeoutMs: {
    default: 5_000,
    rule: POSITIVE,
    doc: "Time budget of one DHT provider search, in milliseconds.",
  },
  maxCandidates: { default: 32, rule: POSITIVE, doc: "Stop a DHT search after this many providers." },
  discoveryQuorum: {
    default: 5,
    rule: POSITIVE,
    doc:
      "How many verified, usable servers (trusted by the policy, or custom, and not grey-listed) a selection " +
      "waits for before it stops waiting for discovery; the rest of the search joins the pool later.\n\n" +
      "Candidates are verified batch by batch as discovery finds them (first the registry's bootstrap records " +
      "and custom servers, then each DHT answer); once this many are usable, the selection is made among " +
      "them, and the rest of the DHT search goes on in the background (within `discoveryTimeoutMs`): what it " +
      "finds is verified in one more registry call when it ends and joins the pool. With fewer usable servers " +
      "the selection waits for the rest of the search, but once the registry's records and custom servers are " +
      "verified and one of them is usable, not at all when they already hold every node the trust policy can " +
      "trust (as many as the trusted providers' node counts, read with the records; the DHT could add none), " +
      "and otherwise for at most `discoveryQuorumWaitMs` more.",
  },
  discoveryQuorumWaitMs: {
    default: 250,
    rule: number({ min: 0 }),
    doc:
      "Once the registry's bootstrap records and custom servers are verified and one of them is usable, how " +
      "much longer a selection waits for the DHT to complete `discoveryQuorum`, in milliseconds.\n\n" +
      "With a DHT entry point cut off by a partition, or fewer registered nodes than the quorum of which some " +
      "publish no bootstrap record, the quorum may never be met: the selection then goes on with the servers " +
      "already known after this wait, instead " +
      "of waiting out the whole DHT search (`discoveryTimeoutMs`); the search goes on in the background and " +
      "what it finds joins the pool. While no server is usable, the selection waits for the search.",
  },
  candidateTtlMs: {
    default: 60_000,
    rule: POSITIVE,
    doc: "How long a discovered candidate list is reused before the DHT is asked again, in milliseconds.",
  },
  verificationTtlMs: {
    default: 15_000,
    rule: POSITIVE,
    doc: "How long a registry verification is reused, in milliseconds.",
  },
  staleGraceMs: {
    default: 300_000,
    rule: POSITIVE,
    doc:
      "When the chain RPC is unreachable, how long the last verification stays usable (marked stale), in " +
      "milliseconds.",
  },
  maxBlockAgeMs: {
    default: 0,
    rule: number({ min: 0 }),
    doc:
      "How old the chain RPC's latest block may be, in milliseconds, for a verification to count as fresh; " +
      "0 turns the check off.\n\n" +
      "Above 0, each verification reads the latest block and verifies at it, and the event watcher checks it " +
      "too: an older block means the endpoint lags behind the chain (or is stuck, or lies about its head) and " +
      "would serve a revoked node as trusted, so it counts as the registry being unavailable " +
      "(`verification:stale`, `StaleChainError`), with the last fresh answers used for `staleGraceMs`. An idle " +
      "development chain (Hardhat, anvil) and chains that make blocks only for transactions have legitimately " +
      "old blocks, so the right bound depends on the chain: a minute is generous on Ethereum (12 s blocks), " +
      "30 s on a 2 s L2. Block timestamps are compared with this machine's clock.",
  },
  rpcTimeoutMs: { default: 10_000, rule: POSITIVE, doc: "Milliseconds any single RPC request may take." },
  watchRegistry: {
    default: true,
    rule: boolean(),
    doc: "Watch registry events and drop revoked servers at once.",
  },
  watchIntervalMs: {
    default: 2_000,
    rule: POSITIVE,
    doc: "How often the registry's event log is polled while no subscription stands, in milliseconds.",
  },
  watchSubscribe: {
    default: true,
    rule: boolean(),
    doc:
      "With a `ws://` or `wss://` `rpcUrl`, subscribe to the registry's events so a revocation is seen within one block.\n\n" +
      "The client subscribes (`eth_subscribe`) to the registry's logs and to new heads; calls still go over " +
      "HTTP to the same address, so the endpoint must serve both on one port (Hardhat's node, anvil, geth " +
      "with equal `--http.port` and `--ws.port`). A lost socket is reconnected after 0.5 s, doubling up to " +
      "30 s, and each new subscription first reads the logs it missed (`eth_getLogs` from the last block " +
      "read, in pages of 1,000 blocks, at most 10,000 blocks and 1,000 logs, beyond which every known server " +
      "is verified again). Meanwhile, and when the endpoint refuses subscriptions, the log is polled every " +
      "`watchIntervalMs`; while subscribed it is still polled every 30 s. An `http(s)` URL is not probed for " +
      "WebSocket: give the `ws://` URL to subscribe.",
  },
  probeCount: { default: 5, rule: POSITIVE, doc: "How many random candidates are pinged when selecting." },
  probeTimeoutMs: {
    default: 2_000,
    rule: POSITIVE,
    doc: "How long a ping may take before the candidate counts as unreachable, in milliseconds.",
  },
  probeStaggerMs: {
    default: PROBE_STAGGER_MS,
    rule: number({ min: 0, max: 1_000 }),
    doc:
      "While no probe has answered, milliseconds between the starts of two of a selection's `probeCount` " +
      "pings; 0 starts them all at once.\n\n" +
      "Where a cold connection and ping take less (on a LAN, about 20 ms), one ping is usually made instead of " +
      "`probeCount` (fewer connections opened to servers that will not be chosen, and no handshakes sharing " +
      "the client's CPU with the one it will use); across a WAN, where they take longer, every ping still " +
      "starts within `(probeCount - 1) × probeStaggerMs` (200 ms by default) and the fastest server still " +
      "wins. A ping that fails starts the next at once.",
  },
  latencyTolerance: {
    default: 1.5,
    rule: number({ min: 1 }),
    doc: "Candidates whose RTT is within `fastest × latencyTolerance + latencySlackMs` are equally fast.",
  },
  latencySlackMs: {
    default: 10,
    rule: number({ min: 0 }),
    doc: "Absolute slack added to the fastest RTT, in milliseconds, so jitter on a LAN does not pick favourites.",
  },
  requestTimeoutMs: {
    default: 10_000,
    rule: POSITIVE,
    doc: "An operation on the selected server slower than this fails over, in milliseconds.",
  },
  maxAttempts: {
    default: 3,
    rule: POSITIVE,
    doc: "How many servers one operation may try before it gives up.",
  },
  greyListBaseMs: {
    default: 1_000,
    rule: POSITIVE,
    doc: "Grey-list time after a server's first failure, doubled on each further failure, in milliseconds.",
  },
  greyListMaxMs: { default: 300_000, rule: POSITIVE, doc: "Longest grey-list time, in milliseconds." },
});
