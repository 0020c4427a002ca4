import { boolean, integer } from "../../../client/kernel/options/rules.js";
import { defineOptions } from "../../../client/kernel/options/optionTable.js";

/**
 * Every limit of the relay service, in resolution order: the one source of their defaults,
 * validation and documentation (docs/relay.md). The first six are handed to libp2p's circuit relay
 * v2 server under its own names; the circuit counts per peer and per network address are Waymark's,
 * enforced through the connection gater hook the relay server asks before each circuit.
 */
export const RELAY_OPTIONS = defineOptions({
  maxReservations: {
    default: 128,
    rule: integer(1, 100_000),
    doc: "Reservations held at once (libp2p `reservations.maxReservations`); a new one beyond it is refused with RESERVATION_REFUSED.",
  },
  reservationTtlMs: {
    default: 600_000,
    rule: integer(10_000),
    doc: "Milliseconds a reservation lives unless renewed (libp2p `reservations.reservationTtl`); the service renews before it ends.",
  },
  applyLimits: {
    default: true,
    rule: boolean(),
    doc: "Apply the data and duration limits below to every circuit (libp2p `reservations.applyDefaultLimit`); false relays without limit.",
  },
  circuitDataLimitBytes: {
    default: 16_777_216,
    rule: integer(1_024),
    doc: "Bytes one circuit may carry, both ways together (libp2p `reservations.defaultDataLimit`); past it the relay resets the circuit.",
  },
  circuitDurationLimitMs: {
    default: 600_000,
    rule: integer(1_000),
    doc: "Milliseconds one circuit may stay open (libp2p `reservations.defaultDurationLimit`); past it the relay resets the circuit.",
  },
  hopTimeoutMs: {
    default: 10_000,
    rule: integer(100),
    doc: "Milliseconds a reserve or connect request has to complete (libp2p `hopTimeout`).",
  },
  maxCircuitsPerPeer: {
    default: 16,
    rule: integer(1),
    doc: "Circuits one calling peer may have open through this relay at once; more are refused (PERMISSION_DENIED).",
  },
  maxCircuitsPerAddress: {
    default: 64,
    rule: integer(1),
    doc: "Circuits one network address (an IPv4 address or an IPv6 /64) may have open at once, all its peer ids together.",
  },
  maxCircuits: {
    default: 1_024,
    rule: integer(1),
    doc: "Circuits open through this relay at once, every caller together.",
  },
});
