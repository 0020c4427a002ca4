/** Parameters of {@link chooseAmongFastest}. */
export interface ChooseAmongFastestParameters {
  /** RTTs within `fastest × tolerance + slackMs` count as equally fast. */
  tolerance: number;
  /** Absolute slack in milliseconds, so that jitter does not pick favourites. */
  slackMs: number;
  /** Source of randomness in [0, 1). */
  random: () => number;
}

/**
 * Picks uniformly at random among the measured candidates that are about as fast as the fastest.
 * A near server always wins over a far one (100 ms against 5 ms is outside any sensible band),
 * while servers that differ only by jitter share the load evenly.
 *
 * @param measured - Candidates with their round trip; must not be empty.
 * @param parameters - Tolerance band and randomness.
 * @returns The chosen candidate and the band it was chosen from.
 * @example
 * ```ts
 * chooseAmongFastest([{ rttMs: 4 }, { rttMs: 5 }, { rttMs: 120 }], { tolerance: 1.5, slackMs: 10, random: Math.random })
 * // one of the first two, each half of the time
 * ```
 */
export function chooseAmongFastest<T extends { rttMs: number }>(
  measured: readonly T[],
  parameters: ChooseAmongFastestParameters,
): { chosen: T; band: T[] } {
  if (measured.length === 0) throw new RangeError("chooseAmongFastest needs at least one candidate");
  const fastest = Math.min(...measured.map((m) => m.rttMs));
  const limit = fastest * parameters.tolerance + parameters.slackMs;
  const band = measured.filter((m) => m.rttMs <= limit);
  const chosen = band[Math.floor(parameters.random() * band.length)] ?? band[0];
  if (chosen === undefined) throw new RangeError("chooseAmongFastest found no candidate in the band");
  return { chosen, band };
}
