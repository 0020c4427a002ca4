import { defineOptions } from "../../client/kernel/options/optionTable.js";
import { integer, number } from "../../client/kernel/options/rules.js";

/**
 * The replication options every kind's option table ends with, the same in name, default, rule and
 * doc whatever the kind: admission of unknown peers, digest bursts, and the bounds of a catch-up or
 * anti-entropy round. A kind spreads them into its table (`...REPLICATION_ROUND_OPTIONS`); the
 * options whose doc names the kind's items (bytes, ranges, batch sizes) stay in its own table.
 */
export const REPLICATION_ROUND_OPTIONS = defineOptions({
  syncDigestBurst: { default: 4, rule: integer(1), doc: "Digests per peer in a burst." },
  syncAdmissionsPerSecond: {
    default: 10,
    rule: number({ above: 0 }),
    doc:
      "Node-to-node streams per second from one network address by peers not yet known to be replication " +
      "peers: the registry is asked about such a peer only within this limit.",
  },
  syncAdmissionBurst: { default: 40, rule: integer(1), doc: "Such streams per network address in a burst." },
  syncRoundTimeoutMs: {
    default: 120_000,
    rule: integer(1),
    doc:
      "Longest a catch-up or anti-entropy round with one peer may take, in ms; a slower one is given up " +
      "(catch-up then tries another peer).",
  },
  syncMaxPages: {
    default: 1_024,
    rule: integer(1),
    doc: "Id listings one catch-up or anti-entropy round may request.",
  },
  catchUpTimeoutMs: {
    default: 300_000,
    rule: integer(1),
    doc: "Longest the start-up catch-up may take in all, in ms; the node then announces anyway.",
  },
});
