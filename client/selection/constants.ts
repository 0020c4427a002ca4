/**
 * Milliseconds between the starts of two latency probes while none has answered (see
 * `probeFastest`): on a network where a cold connection and ping take less, one or two probes are
 * made instead of `probeCount`; where they take longer, every probe still starts within a few
 * tens of milliseconds.
 */
export const PROBE_STAGGER_MS = 10;
