/** The registry service name of relays (libp2p circuit relay v2), version 1. */
export const RELAY_SERVICE = "relay/1";

/** The `records/1` name under which a service publishes where it can be reached. */
export const REACH_RECORD = "relay/reach";

/** Version of the reach record's JSON value. */
export const REACH_RECORD_VERSION = 1;

/** The example request/response protocol of `waymark serve` and `waymark call`. */
export const ECHO_PROTOCOL = "/waymark/echo/1.0.0";

/** Defaults of a service listening behind relays. */
export const LISTEN_DEFAULTS = {
  /** Relays to hold a reservation on, of different providers where there are enough. */
  relays: 2,
  /** Milliseconds between checks that every relay still holds the reservation. */
  checkIntervalMs: 5_000,
  /** Seconds the published reach record lives; it is republished at half that age. */
  recordLifetimeSeconds: 3_600,
  /** Milliseconds a failed relay is not tried again. */
  relayCooldownMs: 60_000,
} as const;

/** Largest echo request or answer, in bytes. */
export const ECHO_MAX_BYTES = 65_536;
