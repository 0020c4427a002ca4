/**
 * Milliseconds between the starts of two latency probes while none has answered (see
 * `probeFastest`). A cold connection and ping (TCP, Noise, Yamux, one ping) to a server on the
 * same LAN take about 20 ms of round trips and CPU, so there one probe is usually made instead
 * of `probeCount`, and the client's one core is not shared among handshakes to servers it will
 * not use (at 10 ms a cold client started three to five probes and waited about twice as long for
 * the first answer). Across a WAN, where a cold connection takes a few round trips of 50–300 ms,
 * every probe still starts within 200 ms and the fastest of them still wins.
 */
export const PROBE_STAGGER_MS = 50;
