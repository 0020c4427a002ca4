import { sample } from "../kernel/random/sample.js";
import type { VerifiedCandidate } from "../verification/types.js";

/** Parameters of {@link chooseRelays}. */
export interface ChooseRelaysParameters {
  /** Peer ids not to choose (held already, or failed recently). */
  exclude: ReadonlySet<string>;
  /** Providers whose relays are held already: others come first. */
  heldProviders: ReadonlySet<string>;
  /** The random source. @default Math.random */
  random?: (() => number) | undefined;
}

/**
 * Orders the relays a service may reserve on: only trusted, registered `relay/1` nodes (never a
 * custom one: a relay must be in the registry), in random order, one relay of each provider not yet
 * held first, then the others.
 *
 * @param verified - The verified candidates.
 * @param parameters - Exclusions, held providers, random source.
 * @returns The relays, best first.
 */
export function chooseRelays(
  verified: readonly VerifiedCandidate[],
  parameters: ChooseRelaysParameters,
): VerifiedCandidate[] {
  const usable = verified.filter(
    (relay) =>
      relay.trusted && !relay.custom && relay.multiaddrs.length > 0 && !parameters.exclude.has(relay.peerId),
  );
  const shuffled = sample(usable, usable.length, parameters.random ?? Math.random);
  const first: VerifiedCandidate[] = [];
  const rest: VerifiedCandidate[] = [];
  const providers = new Set(parameters.heldProviders);
  for (const relay of shuffled) {
    const provider = String(relay.providerId);
    if (providers.has(provider)) {
      rest.push(relay);
    } else {
      providers.add(provider);
      first.push(relay);
    }
  }
  return [...first, ...rest];
}
